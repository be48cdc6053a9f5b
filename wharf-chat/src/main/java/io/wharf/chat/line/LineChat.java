package io.wharf.chat.line;

import io.wharf.chat.domain.ChatHub;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.spi.HandlerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The text-line front-end of a {@link ChatHub}: one {@link LineHandler} per connection. Shutting it down
 * closes the hub (sessions ended, store flushed).
 *
 * <p>Chat users never leave by themselves, so a graceful shutdown would always wait out {@code drain_timeout}:
 * instead, a watcher sees the server start draining (within a quarter of a second) and ends every session,
 * which says goodbye and closes each connection once its output is sent.
 *
 * <p>Threading: {@link #newHandler} is safe to call concurrently; the hub is thread-safe; the set of open
 * connections is concurrent, read by the watcher thread ({@code wharf-chat-drain}).
 */
public final class LineChat implements HandlerFactory {

    private final ChatHub hub;
    private final LineFormat format;
    private final int maxLine;
    private final int rate;
    private final int burst;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService drainWatch = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("wharf-chat-drain").daemon().factory());

    /**
     * @param maxLine longest line accepted, in bytes; {@code rate} lines per second on average and {@code burst}
     *                at once per connection
     */
    public LineChat(ChatHub hub, Clock clock, int maxLine, int rate, int burst) {
        if (maxLine < 1 || rate < 1 || burst < 1) {
            throw new IllegalArgumentException("maxLine, rate and burst must be at least 1");
        }
        this.hub = hub;
        this.format = new LineFormat(clock);
        this.maxLine = maxLine;
        this.rate = rate;
        this.burst = burst;
        drainWatch.scheduleWithFixedDelay(this::watchDraining, 250, 250, TimeUnit.MILLISECONDS);
    }

    @Override
    public Handler newHandler() {
        return new LineHandler(hub, format, open, maxLine, rate, burst);
    }

    @Override
    public byte[] busyReply(String reason) {
        return LineFormat.error("server busy: " + reason).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void shutdown() {
        drainWatch.shutdownNow();
        hub.close();
    }

    private void watchDraining() {
        // draining is server-wide: any connection tells
        Iterator<Connection> any = open.iterator();
        if (any.hasNext() && any.next().draining()) {
            drainWatch.shutdown();
            hub.endAll("server shutting down");
        }
    }
}
