package io.wharf.chat.line;

import io.wharf.chat.domain.ChatHub;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The text-line front-end of a {@link ChatHub}: one {@link LineHandler} per connection. Shutting it down
 * releases the hub: closes it (sessions ended, store flushed), or gives back its hold on a hub it shares with
 * another listener ({@link io.wharf.chat.ChatDomain}).
 *
 * <p>Chat users never leave by themselves, so a graceful shutdown would always wait out {@code drain_timeout}:
 * instead, when the drain starts ({@link #draining}) every session ends, which says goodbye and closes each
 * connection once its output is sent.
 *
 * <p>Threading: {@link #handlers} makes handlers concurrently; the hub is thread-safe.
 */
public final class LineChat implements ProtocolService {

    private final ChatHub hub;
    private final Runnable release;
    private final LineFormat format;
    private final int maxLine;
    private final int rate;
    private final int burst;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final HandlerFactory handlers = this::newHandler;

    /**
     * @param maxLine longest line accepted, in bytes; {@code rate} lines per second on average and {@code burst}
     *                at once per connection
     */
    public LineChat(ChatHub hub, Clock clock, int maxLine, int rate, int burst) {
        this(hub, hub::close, clock, maxLine, rate, burst);
    }

    /** @param release what shutting down does with the hub: close it, or give back a shared hold on it */
    public LineChat(ChatHub hub, Runnable release, Clock clock, int maxLine, int rate, int burst) {
        if (maxLine < 1 || rate < 1 || burst < 1) {
            throw new IllegalArgumentException("maxLine, rate and burst must be at least 1");
        }
        this.hub = hub;
        this.release = release;
        this.format = new LineFormat(clock);
        this.maxLine = maxLine;
        this.rate = rate;
        this.burst = burst;
    }

    @Override
    public HandlerFactory handlers() {
        return handlers;
    }

    /** A new connection's handler. */
    public Handler newHandler() {
        return new LineHandler(hub, format, open, maxLine, rate, burst);
    }

    @Override
    public byte[] busyReply(String reason) {
        return LineFormat.error("server busy: " + reason).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void draining() {
        hub.endAll("server shutting down");
    }

    @Override
    public void shutdown() {
        release.run();
    }
}
