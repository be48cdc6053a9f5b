package io.wharf.load;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A selector wait for an open loop's next send that is not rounded up to a millisecond. A selector's timeout is
 * in whole milliseconds, so a wait for a send 50 us away (20,000 requests/s) rounded up to one would send it up
 * to a millisecond late, and that lateness counts in every latency measured from intended send times. So the
 * whole milliseconds are waited in the selector and the rest in parks of at most {@link #STEP_NANOS}, each
 * followed by a non-blocking select: a send is then late by a step and the timer's slack at most, and so is a
 * reply that arrives during a step, for a few thousand more selects a second.
 *
 * <p>Threading: called by the one thread that owns the selector.
 */
public final class FineWait {

    /** The longest park of a wait shorter than a millisecond. */
    public static final long STEP_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

    private FineWait() {
    }

    /**
     * Waits up to about {@code nanos} (not at all when 0 or less) and hands the ready keys to {@code onReady}.
     * A wait of a millisecond or more is rounded down to whole milliseconds: the caller's next turn waits the rest.
     */
    public static void await(Selector selector, Consumer<SelectionKey> onReady, long nanos) throws IOException {
        if (nanos >= 1_000_000) {
            selector.select(onReady, nanos / 1_000_000);
        } else {
            if (nanos > 0) {
                LockSupport.parkNanos(Math.min(nanos, STEP_NANOS));
            }
            selector.selectNow(onReady);
        }
    }
}
