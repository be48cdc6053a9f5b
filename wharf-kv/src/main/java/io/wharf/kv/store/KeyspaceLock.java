package io.wharf.kv.store;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The key space's lock: a {@link ReentrantLock} that spins briefly before it parks. A command holds it for a
 * microsecond or so, so a thread that finds it taken (under {@code reactor}, another loop running a command)
 * usually gets it within a few spins; parking instead costs a futex wait, a wake-up and two context switches,
 * several times the wait itself. The spin is bounded (about as long as a few commands), so a holder that was
 * descheduled, or one running a long command (KEYS, FLUSHALL), is waited for parked, as before.
 *
 * <p>Threading: as {@link ReentrantLock}.
 */
public final class KeyspaceLock extends ReentrantLock {

    private static final long serialVersionUID = 1L;
    /** Spins of {@link Thread#onSpinWait} before parking: a few microseconds on current x86 and ARM cores. */
    static final int SPINS = 200;

    @Override
    public void lock() {
        if (tryLock()) {
            return; // free, or held by this thread already
        }
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            if (!isLocked() && tryLock()) {
                return;
            }
        }
        super.lock();
    }
}
