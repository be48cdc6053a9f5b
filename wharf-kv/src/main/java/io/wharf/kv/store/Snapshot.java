package io.wharf.kv.store;

/**
 * The data as it was at one moment ({@link Keyspace#snapshot}): per database, its keys, their values and expiry
 * times in three parallel arrays. A background writer (BGSAVE, an AOF rewrite) reads it without the key space's
 * lock; writes made meanwhile copy a container before changing it, so what this holds never changes.
 * {@link #close} ends that copying once the writer is done.
 *
 * <p>Threading: read by one writer thread; {@link #close} once, from any thread.
 */
public final class Snapshot implements AutoCloseable {

    /**
     * One database's keys. {@code expireAt[i]} is Unix milliseconds, or {@link Entry#PERSISTENT}; a key
     * already past its time is still here (the writer skips it, as Redis's {@code rdbSaveKeyValuePair}).
     */
    public record Db(int index, byte[][] keys, Object[] values, long[] expireAt) {
        public int size() {
            return keys.length;
        }
    }

    private final Db[] dbs;
    private final Runnable release;
    private boolean closed;

    Snapshot(Db[] dbs, Runnable release) {
        this.dbs = dbs;
        this.release = release;
    }

    public Db[] dbs() {
        return dbs;
    }

    public long keys() {
        long n = 0;
        for (Db db : dbs) {
            n += db.size();
        }
        return n;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release.run();
        }
    }
}
