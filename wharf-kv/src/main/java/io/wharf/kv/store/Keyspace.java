package io.wharf.kv.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The databases of one server, and the one lock that makes every command atomic: a command runs from start
 * to end holding {@link #lock()}, whichever connection's thread runs it, so no other command sees it half
 * done (see the README for why a lock and not a command thread).
 *
 * <p>Active expiry ({@link #activeExpireCycle}) is Redis's slow cycle: per database, sample 20 keys that have
 * a TTL, delete the expired ones, and sample again while more than a tenth of a sample had expired, until
 * the cycle's time budget (a quarter of the period between cycles) is spent. It takes the lock for one sample
 * at a time, so a client never waits behind more than 20 deletions.
 *
 * <p>Threading: every method but {@link #lock}, {@link #activeExpireCycle} and the counters must be called
 * holding the lock.
 */
public final class Keyspace {

    static final int SAMPLES = 20;
    static final int ACCEPTABLE_STALE_PERCENT = 10;

    /**
     * Told, under the lock, of every key set (Redis's {@code signalKeyAsReady} and {@code signalModifiedKey}
     * hooks: blocked clients waiting on a key, and WATCH), and of SWAPDB.
     */
    public interface Watcher {
        void stored(Db db, byte[] key, Object value);

        void swapped(Db a, Db b);

        /** {@code db} is about to be emptied. */
        void flushing(Db db);
    }

    private static final Watcher NONE = new Watcher() {
        @Override
        public void stored(Db db, byte[] key, Object value) {
        }

        @Override
        public void swapped(Db a, Db b) {
        }

        @Override
        public void flushing(Db db) {
        }
    };

    private final Db[] dbs;
    private final ReentrantLock lock = new ReentrantLock();
    private long expiredKeys;
    private Watcher watcher = NONE;

    public Keyspace(int databases) {
        dbs = new Db[databases];
        for (int i = 0; i < databases; i++) {
            dbs[i] = new Db(i, this);
        }
    }

    /** Sets the one watcher (the server's blocked-client registry); before clients connect. */
    public void watcher(Watcher w) {
        this.watcher = w;
    }

    Watcher watcher() {
        return watcher;
    }

    public ReentrantLock lock() {
        return lock;
    }

    public int databases() {
        return dbs.length;
    }

    public Db db(int index) {
        return dbs[index];
    }

    public void flushAll() {
        for (Db db : dbs) {
            db.flush();
        }
    }

    void expired() {
        expiredKeys++;
    }

    /** CONFIG RESETSTAT. Under the lock. */
    public void resetStats() {
        expiredKeys = 0;
    }

    /** Keys deleted because their TTL passed, lazily or actively. Under the lock. */
    public long expiredKeys() {
        return expiredKeys;
    }

    /**
     * One active expiry cycle, spending at most {@code budgetNanos}; takes the lock itself, per sample.
     * Returns the keys it expired.
     */
    public int activeExpireCycle(long budgetNanos) {
        long start = System.nanoTime();
        int total = 0;
        for (Db db : dbs) {
            for (;;) {
                int expired;
                lock.lock();
                try {
                    if (db.volatileKeys() == 0) {
                        break;
                    }
                    expired = db.expireSample(SAMPLES, System.currentTimeMillis());
                } finally {
                    lock.unlock();
                }
                total += expired;
                if (expired * 100 <= SAMPLES * ACCEPTABLE_STALE_PERCENT) {
                    break;
                }
                if (System.nanoTime() - start > budgetNanos) {
                    return total;
                }
            }
            if (System.nanoTime() - start > budgetNanos) {
                return total;
            }
        }
        return total;
    }

    /** The budget of one cycle at {@code hz} cycles a second: a quarter of the period, as Redis. */
    public static long budgetNanos(int hz) {
        return TimeUnit.MILLISECONDS.toNanos(1000 / hz) / 4;
    }
}
