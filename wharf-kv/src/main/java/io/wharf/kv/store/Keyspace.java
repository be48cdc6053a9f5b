package io.wharf.kv.store;

import java.util.concurrent.TimeUnit;

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
    private final KeyspaceLock lock = new KeyspaceLock();
    private long expiredKeys;
    private Feed feed = Feed.NONE;
    private Eviction eviction = Eviction.NONE;
    private boolean loading;
    /** Snapshots being written from the data as it was (copy on write, see {@link #unshare}). */
    private int snapshots;
    /** Containers copied since the oldest running snapshot was taken: the snapshots do not hold them. */
    private final java.util.Set<Object> unshared = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
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

    public KeyspaceLock lock() {
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

    /** {@code maxmemory} and its policy: set at start, and replaced by CONFIG SET under the lock. */
    public Eviction eviction() {
        return eviction;
    }

    public void eviction(Eviction eviction) {
        this.eviction = eviction;
    }

    /** The memory estimate of every key ({@link MemoryEstimate}), bytes: INFO's {@code used_memory}. */
    public long usedMemory() {
        long n = 0;
        for (Db db : dbs) {
            n += db.usedMemory();
        }
        return n;
    }

    /**
     * Before a command, as Redis's {@code processCommand}: over {@code maxmemory}, evict as the policy says.
     * Returns false if memory is still over the limit (a {@code denyoom} command is then refused).
     */
    public boolean makeRoom() {
        if (loading || !eviction.over(this)) {
            return true;
        }
        return eviction.evict(this, System.currentTimeMillis()); // read only when evicting: it runs before every command
    }

    /** Where writes are recorded ({@link Feed}); under the lock. */
    public Feed feed() {
        return feed;
    }

    public void feed(Feed feed) {
        this.feed = feed;
    }

    /**
     * True while the data is being loaded from disk: nothing expires then (as Redis's {@code keyIsExpired}
     * while loading), since the file's own {@code DEL}s say when keys went.
     */
    public boolean loading() {
        return loading;
    }

    public void loading(boolean yes) {
        loading = yes;
    }

    /**
     * Takes a point-in-time snapshot of every database (under the lock, which the caller holds): the keys,
     * values and expiry times are copied into arrays, one pass over the keys with no value copied; from then
     * on, until {@link Snapshot#close}, a write copies a container before changing it ({@link #unshare}), so
     * the snapshot can be written out without the lock while clients go on. Strings are never changed in
     * place, so they are shared as they are.
     */
    public Snapshot snapshot() {
        Snapshot.Db[] out = new Snapshot.Db[dbs.length];
        for (int i = 0; i < dbs.length; i++) {
            out[i] = dbs[i].capture();
        }
        snapshots++;
        return new Snapshot(out, this::released);
    }

    private void released() {
        lock.lock();
        try {
            if (--snapshots == 0) {
                unshared.clear();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Before a write changes {@code e}'s container: while a snapshot runs, replaces it with a copy that no
     * snapshot holds (once per container). Under the lock.
     */
    public void unshare(Entry e) {
        if (snapshots == 0 || e.value instanceof byte[] || unshared.contains(e.value)) {
            return;
        }
        e.value = e.copyValue();
        unshared.add(e.value);
    }

    private static final byte[] DEL = {'D', 'E', 'L'};

    /** {@code key} of {@code db} was deleted because its time passed: counted, and recorded as a DEL. */
    void expired(int db, byte[] key) {
        expiredKeys++;
        feed.record(db, java.util.List.of(DEL, key));
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
