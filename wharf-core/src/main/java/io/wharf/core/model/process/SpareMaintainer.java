package io.wharf.core.model.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The maintenance thread of a {@link SparePool}: right after a take or a death it starts spares back up to
 * {@code min_spare_children} (counting those starting); once a second it follows {@link SpawnRate} (starting more,
 * doubling, while connections keep finding none ready) and stops one spare past {@code max_spare_children}. While
 * spares die before they get ready it starts only one a second, so a child that cannot start is not respawned in
 * a loop.
 *
 * <p>Threading: {@link #poke} and {@link #wakeUp} on any thread; {@code lock} guards only {@code replenish}, and is
 * never held while calling the pool. Everything else runs on {@code wharf-spares-<listener>}.
 */
final class SpareMaintainer {

    private static final Logger log = LoggerFactory.getLogger(SpareMaintainer.class);

    private final SparePool pool;
    private final String listener;
    private final ChildCounters counters;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final SpawnRate rate = new SpawnRate();
    /** Guarded by lock: something happened that may call for a replacement now. */
    private boolean replenish = true;
    /** Maintenance thread only: the miss count at the last tick. */
    private long missesAtTick;
    private Thread thread;

    SpareMaintainer(SparePool pool, String listener, ChildCounters counters) {
        this.pool = pool;
        this.listener = listener;
        this.counters = counters;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("wharf-spares-" + listener).start(this::maintain);
    }

    /** A take, a death or new limits: replacements may be due now. */
    void poke() {
        lock.lock();
        try {
            replenish = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The pool stopped: the thread looks and ends. */
    void wakeUp() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits (two seconds at most) for the thread to end, once the pool has stopped. */
    void join() {
        Thread t = thread;
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void maintain() {
        long nextTick = System.nanoTime();
        while (!pool.stopped()) {
            boolean due;
            boolean tick;
            lock.lock();
            try {
                long waitNanos = nextTick - System.nanoTime();
                while (!replenish && !pool.stopped() && waitNanos > 0) {
                    waitNanos = wake.awaitNanos(waitNanos);
                }
                due = replenish;
                replenish = false;
                tick = System.nanoTime() - nextTick >= 0;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (pool.stopped()) {
                return;
            }
            if (due && pool.failedStarts() == 0) {
                replace();
            }
            if (tick) {
                nextTick = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                perSecond();
            }
        }
    }

    /** Right after a take or a death: back up to {@code min_spare_children}, counting those starting. */
    private void replace() {
        int[] n = pool.counts();
        int start = Math.min(pool.min() - n[0] - n[1], pool.room(n[0] + n[1]));
        for (int i = 0; i < start && !pool.stopped(); i++) {
            pool.spawnSpare();
        }
    }

    /** Once a second: Apache's doubling spawn rate while connections miss, and one retired past the maximum. */
    private void perSecond() {
        int[] n = pool.counts();
        long misses = counters.misses();
        long missed = misses - missesAtTick;
        missesAtTick = misses;
        int before = rate.rate();
        int room = pool.room(n[0] + n[1]);
        int start = pool.failedStarts() > 0 ? Math.min(1, room)
                : rate.tick(n[0], n[1], missed, pool.min(), pool.max(), room);
        if (before < 8 && rate.rate() >= 8) { // as Apache's "server seems busy", once per burst
            log.info("{}: connections outpace the spare children ({} found none ready in the last second): "
                    + "starting up to {} a second, waiting ones capped by max_spare_children={}", listener, missed,
                    rate.rate(), pool.max());
        }
        for (int i = 0; i < start && !pool.stopped(); i++) {
            pool.spawnSpare();
        }
        if (n[0] + n[1] > pool.max()) {
            pool.retireOne();
        }
    }
}
