package io.wharf.kv.store;

import java.util.function.Consumer;

/**
 * One numbered database: the keys ({@link KeyTable} of {@link Entry}) and, as in Redis, a second table of the keys
 * that have a TTL, which the active expiry cycle samples. Expiry is lazy: every lookup first deletes a key
 * whose time has passed (strictly: a key expiring at {@code now} is still there, as Redis's
 * {@code keyIsExpired}).
 *
 * <p>Threading: not thread-safe; the {@link Keyspace}'s lock guards it.
 */
public final class Db {

    private final int index;
    private KeyTable keys = new KeyTable();
    private Dict<Entry> expires = new Dict<>();
    private final Keyspace keyspace;
    /** The memory estimate of this database's keys ({@link MemoryEstimate}), kept by every change here. */
    private long used;

    Db(int index, Keyspace keyspace) {
        this.index = index;
        this.keyspace = keyspace;
    }

    public int index() {
        return index;
    }

    /** The live entry of {@code key}, deleting it first if it has expired. */
    public Entry lookup(byte[] key, long now) {
        Entry e = peek(key, now);
        if (e != null && !keyspace.loading()) {
            keyspace.eviction().touch(e, now);
        }
        return e;
    }

    /** As {@link #lookup}, without counting an access (Redis's {@code LOOKUP_NOTOUCH}, for OBJECT). */
    public Entry peek(byte[] key, long now) {
        Entry e = keys.get(key);
        if (e != null && e.expireAt != Entry.PERSISTENT && now > e.expireAt && !keyspace.loading()) {
            delete(key);
            keyspace.expired(index, key);
            return null;
        }
        return e;
    }

    /** The entry of {@code key} as it is, expired or not, without counting an access. */
    public Entry entry(byte[] key) {
        return keys.get(key);
    }

    /**
     * Counts {@code key}'s entry again in the memory estimate, after a command changed its value in place
     * (the session calls it for the keys of every write command).
     */
    public void reaccount(byte[] key) {
        Entry e = keys.get(key);
        if (e != null) {
            account(key, e);
        }
    }

    private void account(byte[] key, Entry e) {
        int units = (int) Math.min(Integer.MAX_VALUE, MemoryEstimate.of(key, e) >>> 3);
        used += ((long) units - e.accounted8) << 3;
        e.accounted8 = units;
    }

    /** This database's memory estimate, bytes. */
    public long usedMemory() {
        return used;
    }

    public boolean exists(byte[] key, long now) {
        return lookup(key, now) != null;
    }

    /** Adds or overwrites {@code key}; its TTL is cleared unless {@code keepTtl}. */
    public Entry set(byte[] key, Object value, boolean keepTtl) {
        Entry e = keys.get(key);
        if (e == null) {
            e = new Entry(key, value);
            keyspace.eviction().created(e, System.currentTimeMillis());
            keys.add(e);
            account(key, e);
            keyspace.watcher().stored(this, key, value);
            return e;
        }
        e.value = value;
        if (!keepTtl) {
            persist(key, e);
        }
        account(key, e);
        keyspace.watcher().stored(this, key, value);
        return e;
    }

    /** Adds {@code entry} under {@code key}, keeping its TTL (RENAME). The key must not exist. */
    void adopt(byte[] key, Entry entry) {
        entry.key = key;
        keys.add(entry);
        if (entry.expireAt != Entry.PERSISTENT) {
            expires.put(key, entry);
        }
        account(key, entry);
        keyspace.watcher().stored(this, key, entry.value);
    }

    /** Removes {@code key}; returns its entry, or null. */
    public Entry delete(byte[] key) {
        Entry e = keys.remove(key);
        if (e != null) {
            if (e.expireAt != Entry.PERSISTENT) {
                expires.remove(key);
            }
            used -= (long) e.accounted8 << 3;
            e.accounted8 = 0;
        }
        return e;
    }

    /** Moves {@code from}'s entry, TTL included, to {@code to}, replacing what was there. */
    public void rename(byte[] from, byte[] to) {
        Entry e = delete(from);
        delete(to);
        adopt(to, e);
    }

    public void expireAt(byte[] key, Entry e, long when) {
        if (e.expireAt == Entry.PERSISTENT) {
            expires.put(key, e);
        }
        e.expireAt = when;
        account(key, e);
    }

    /** Clears the TTL; true if there was one. */
    public boolean persist(byte[] key, Entry e) {
        if (e.expireAt == Entry.PERSISTENT) {
            return false;
        }
        expires.remove(key);
        e.expireAt = Entry.PERSISTENT;
        account(key, e);
        return true;
    }

    /** Keys, expired ones included until something deletes them (as Redis's DBSIZE). */
    public int size() {
        return keys.size();
    }

    public int volatileKeys() {
        return expires.size();
    }

    /** SWAPDB: exchanges the contents of two databases; clients keep their index and see the other's keys. */
    public void swap(Db other) {
        KeyTable k = keys;
        Dict<Entry> e = expires;
        long u = used;
        keys = other.keys;
        expires = other.expires;
        used = other.used;
        other.keys = k;
        other.expires = e;
        other.used = u;
        keyspace.watcher().swapped(this, other);
    }

    public void flush() {
        keyspace.watcher().flushing(this);
        keys.clear();
        expires.clear();
        used = 0;
    }

    /** The keys, values and expiry times as they are now (see {@link Keyspace#snapshot}). */
    Snapshot.Db capture() {
        int n = keys.size();
        byte[][] k = new byte[n][];
        Object[] v = new Object[n];
        long[] x = new long[n];
        int[] i = {0};
        keys.forEach(e -> {
            k[i[0]] = e.key;
            v[i[0]] = e.value;
            x[i[0]] = e.expireAt;
            i[0]++;
        });
        return new Snapshot.Db(index, k, v, x);
    }

    /** One SCAN step over the keys: see {@link Dict#scan}. */
    public long scan(long cursor, Consumer<byte[]> visitor) {
        return keys.scan(cursor, e -> visitor.accept(e.key));
    }

    /** A key picked at random, possibly expired; null when the database is empty. */
    public byte[] randomKey() {
        return keys.randomKey();
    }

    /** A key with a TTL picked at random; null when none has one. */
    public byte[] randomVolatileKey() {
        return expires.randomKey();
    }

    public void forEachKey(Consumer<byte[]> visitor) {
        keys.forEach(e -> visitor.accept(e.key));
    }

    /**
     * One round of active expiry: samples up to {@code samples} keys with a TTL and deletes the expired ones.
     * Returns how many were expired; the caller repeats while that is a good part of the sample.
     */
    int expireSample(int samples, long now) {
        int n = Math.min(samples, expires.size());
        int expired = 0;
        for (int i = 0; i < n; i++) {
            byte[] key = expires.randomKey();
            Entry e = expires.get(key);
            if (now > e.expireAt) {
                delete(key);
                keyspace.expired(index, key);
                expired++;
            }
        }
        return expired;
    }
}
