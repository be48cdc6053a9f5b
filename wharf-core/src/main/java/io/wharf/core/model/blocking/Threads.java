package io.wharf.core.model.blocking;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Joining the engines' threads on close, within one overall bound, so a stuck thread cannot hang a stop. */
final class Threads {

    private static final Logger log = LoggerFactory.getLogger(Threads.class);
    /** How long {@code close()} waits in all for threads whose sockets were already closed. */
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private Threads() {
    }

    /** Waits for each thread until the shared deadline; logs those still alive. Keeps the interrupt flag. */
    static void joinAll(Iterable<Thread> threads, long deadlineNanos) {
        boolean interrupted = false;
        for (Thread t : threads) {
            long left = deadlineNanos - System.nanoTime();
            try {
                if (left > 0 && !t.join(Duration.ofNanos(left))) {
                    log.warn("thread {} still running after close", t.getName());
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static long deadline() {
        return System.nanoTime() + JOIN_TIMEOUT.toNanos();
    }
}
