package io.wharf.core;

import io.wharf.core.stats.Bytes;

/**
 * When a connection's queued output holds its input back, as Netty's {@code WriteBufferWaterMark}: past
 * {@code high} bytes it becomes unwritable and stops reading; below {@code low} it is writable again and
 * reads on. The gap between the two keeps a connection near the mark from flapping on every write.
 * Immutable; part of the live {@link Limits} ({@code [server] write_buffer_low}, {@code write_buffer_high}).
 *
 * @param low  writable again once queued output drops below this, in bytes
 * @param high unwritable once queued output passes this, in bytes
 */
public record Watermarks(long low, long high) {

    public static final Watermarks DEFAULTS = new Watermarks(32 * 1024, 64 * 1024);

    /** @throws IllegalArgumentException unless {@code 0 <= low < high} */
    public Watermarks {
        if (low < 0 || low >= high) {
            throw new IllegalArgumentException("[server] write_buffer_low (" + Bytes.human(low)
                    + ") must be at least 0 and below [server] write_buffer_high (" + Bytes.human(high) + ")");
        }
    }

    /** True when {@code queued} bytes make a writable connection unwritable. */
    public boolean above(long queued) {
        return queued > high;
    }

    /** True when {@code queued} bytes make an unwritable connection writable again. */
    public boolean below(long queued) {
        return queued < low;
    }
}
