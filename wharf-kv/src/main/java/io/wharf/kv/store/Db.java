package io.wharf.kv.store;

import java.util.function.Consumer;

/**
 * One numbered database: the keys ({@link Dict} of {@link Entry}) and, as in Redis, a second table of the keys
 * that have a TTL, which the active expiry cycle samples. Expiry is lazy: every lookup first deletes a key
 * whose time has passed (strictly: a key expiring at {@code now} is still there, as Redis's
 * {@code keyIsExpired}).
 *
 * <p>Threading: not thread-safe; the {@link Keyspace}'s lock guards it.
 */
public final class Db {

    private final int index;
    private Dict<Entry> keys = new Dict<>();
    private Dict<Entry> expires = new Dict<>();
    private final Keyspace keyspace;

    Db(int index, Keyspace keyspace) {
        this.index = index;
        this.keyspace = keyspace;
    }

    public int index() {
        return index;
    }

    /** The live entry of {@code key}, deleting it first if it has expired. */
    public Entry lookup(byte[] key, long now) {
        Entry e = keys.get(key);
        if (e != null && e.expireAt != Entry.PERSISTENT && now > e.expireAt) {
            delete(key);
            keyspace.expired();
            return null;
        }
        return e;
    }

    public boolean exists(byte[] key, long now) {
        return lookup(key, now) != null;
    }

    /** Adds or overwrites {@code key}; its TTL is cleared unless {@code keepTtl}. */
    public Entry set(byte[] key, Object value, boolean keepTtl) {
        Entry e = keys.get(key);
        if (e == null) {
            e = new Entry(value);
            keys.put(key, e);
            keyspace.watcher().stored(this, key, value);
            return e;
        }
        e.value = value;
        if (!keepTtl) {
            persist(key, e);
        }
        keyspace.watcher().stored(this, key, value);
        return e;
    }

    /** Adds {@code entry} under {@code key}, keeping its TTL (RENAME). The key must not exist. */
    void adopt(byte[] key, Entry entry) {
        keys.put(key, entry);
        if (entry.expireAt != Entry.PERSISTENT) {
            expires.put(key, entry);
        }
        keyspace.watcher().stored(this, key, entry.value);
    }

    /** Removes {@code key}; returns its entry, or null. */
    public Entry delete(byte[] key) {
        Entry e = keys.remove(key);
        if (e != null && e.expireAt != Entry.PERSISTENT) {
            expires.remove(key);
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
    }

    /** Clears the TTL; true if there was one. */
    public boolean persist(byte[] key, Entry e) {
        if (e.expireAt == Entry.PERSISTENT) {
            return false;
        }
        expires.remove(key);
        e.expireAt = Entry.PERSISTENT;
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
        Dict<Entry> k = keys;
        Dict<Entry> e = expires;
        keys = other.keys;
        expires = other.expires;
        other.keys = k;
        other.expires = e;
        keyspace.watcher().swapped(this, other);
    }

    public void flush() {
        keyspace.watcher().flushing(this);
        keys.clear();
        expires.clear();
    }

    /** One SCAN step over the keys: see {@link Dict#scan}. */
    public long scan(long cursor, Consumer<byte[]> visitor) {
        return keys.scan(cursor, (k, e) -> visitor.accept(k));
    }

    /** A key picked at random, possibly expired; null when the database is empty. */
    public byte[] randomKey() {
        return keys.randomKey();
    }

    public void forEachKey(Consumer<byte[]> visitor) {
        keys.forEach((k, e) -> visitor.accept(k));
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
                keyspace.expired();
                expired++;
            }
        }
        return expired;
    }
}
