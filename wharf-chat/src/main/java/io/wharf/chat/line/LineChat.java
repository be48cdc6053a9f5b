package io.wharf.chat.line;

import io.wharf.chat.domain.ChatHub;
import io.wharf.core.spi.Handler;
import io.wharf.core.spi.HandlerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The text-line front-end of a {@link ChatHub}: one {@link LineHandler} per connection. Shutting it down
 * closes the hub (sessions ended, store flushed).
 *
 * <p>Threading: {@link #newHandler} is safe to call concurrently; the hub is thread-safe.
 */
public final class LineChat implements HandlerFactory {

    private final ChatHub hub;
    private final LineFormat format;
    private final int maxLine;
    private final int rate;
    private final int burst;

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
    }

    @Override
    public Handler newHandler() {
        return new LineHandler(hub, format, maxLine, rate, burst);
    }

    @Override
    public byte[] busyReply(String reason) {
        return LineFormat.error("server busy: " + reason).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void shutdown() {
        hub.close();
    }
}
