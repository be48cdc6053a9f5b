package io.wharf.kv.store;

import java.util.Arrays;

/**
 * The small encoding of a hash or a set, in the role of Redis's listpack: at most a hundred-odd entries, kept in
 * insertion order in parallel arrays (keys, their hashes, and values unless a set), found by a scan of the hashes.
 * A lookup allocates nothing and an entry costs no object beyond its byte arrays (a {@code LinkedHashMap} of
 * wrapped keys allocated a wrapper a lookup and cost 50-odd bytes an entry). Removal shifts the later entries
 * down, as a listpack's does, so the order stays insertion order.
 *
 * <p>Threading: not thread-safe; the key space's lock guards it.
 */
final class SmallTable {

    private static final int INITIAL = 4;

    private byte[][] keys;
    /** The values, parallel to {@link #keys}; null for a set. */
    private byte[][] values;
    private int[] hashes;
    private int size;

    SmallTable(boolean withValues) {
        keys = new byte[INITIAL][];
        hashes = new int[INITIAL];
        values = withValues ? new byte[INITIAL][] : null;
    }

    private SmallTable(SmallTable from) {
        keys = from.keys.clone();
        hashes = from.hashes.clone();
        values = from.values == null ? null : from.values.clone();
        size = from.size;
    }

    int size() {
        return size;
    }

    /** The slots allocated (for the memory estimate). */
    int capacity() {
        return keys.length;
    }

    /** The index of {@code key}, or -1. */
    int indexOf(byte[] key) {
        int h = hash(key);
        int[] hs = hashes;
        for (int i = 0; i < size; i++) {
            if (hs[i] == h && Arrays.equals(keys[i], key)) {
                return i;
            }
        }
        return -1;
    }

    byte[] key(int i) {
        return keys[i];
    }

    byte[] value(int i) {
        return values[i];
    }

    /** Replaces the value at {@code i}; returns the old one. */
    byte[] value(int i, byte[] value) {
        byte[] old = values[i];
        values[i] = value;
        return old;
    }

    /** Appends {@code key}, which must not be here ({@link #indexOf}), with {@code value} (null for a set). */
    void add(byte[] key, byte[] value) {
        if (size == keys.length) {
            int n = size * 2;
            keys = Arrays.copyOf(keys, n);
            hashes = Arrays.copyOf(hashes, n);
            if (values != null) {
                values = Arrays.copyOf(values, n);
            }
        }
        keys[size] = key;
        hashes[size] = hash(key);
        if (values != null) {
            values[size] = value;
        }
        size++;
    }

    /** Removes the entry at {@code i}, keeping the others in order. */
    void removeAt(int i) {
        int tail = size - i - 1;
        System.arraycopy(keys, i + 1, keys, i, tail);
        System.arraycopy(hashes, i + 1, hashes, i, tail);
        if (values != null) {
            System.arraycopy(values, i + 1, values, i, tail);
            values[size - 1] = null;
        }
        keys[--size] = null;
    }

    /** A copy sharing no arrays of its own with this one (the key and value bytes never change, so are shared). */
    SmallTable copy() {
        return new SmallTable(this);
    }

    private static int hash(byte[] key) {
        return (int) Dict.hash(key);
    }
}
