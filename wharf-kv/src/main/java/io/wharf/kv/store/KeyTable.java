package io.wharf.kv.store;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A database's key table: {@link Dict}'s chained, power-of-two table (Redis's reverse-binary {@link #scan}
 * cursor, O(1) {@link #randomKey}), but intrusive: the {@link Entry} is the chain node, holding its key and the
 * next entry of its bucket, so a key costs one object beside its key and value arrays, not a node and an entry.
 * The hash is not stored: a resize hashes the keys again, as Redis's {@code dictRehash} does.
 *
 * <p>Grows when it holds as many keys as buckets, halves below a tenth, at once (not incrementally).
 *
 * <p>Threading: not thread-safe; the key space's lock guards it.
 */
final class KeyTable {

    private static final int MIN_SIZE = 4;

    private Entry[] table = new Entry[MIN_SIZE];
    private int size;
    /**
     * The last entry found or added, by the identity of the array it was asked with: a write looks its key up
     * two or three times with the same argument array (the command's lookup, the store, the memory recount).
     */
    private byte[] lastAsked;
    private Entry lastFound;

    int size() {
        return size;
    }

    Entry get(byte[] key) {
        if (key == lastAsked) {
            return lastFound;
        }
        for (Entry e = table[index(Dict.hash(key), table.length)]; e != null; e = e.next) {
            if (Arrays.equals(e.key, key)) {
                lastAsked = key;
                lastFound = e;
                return e;
            }
        }
        return null;
    }

    /** Adds {@code e} under its key, which must not be in the table. */
    void add(Entry e) {
        int i = index(Dict.hash(e.key), table.length);
        e.next = table[i];
        table[i] = e;
        lastAsked = e.key;
        lastFound = e;
        if (++size > table.length) {
            resize(table.length * 2);
        }
    }

    /** Removes {@code key}; returns its entry, or null if it was not there. */
    Entry remove(byte[] key) {
        lastAsked = null;
        lastFound = null;
        int i = index(Dict.hash(key), table.length);
        Entry prev = null;
        for (Entry e = table[i]; e != null; prev = e, e = e.next) {
            if (Arrays.equals(e.key, key)) {
                if (prev == null) {
                    table[i] = e.next;
                } else {
                    prev.next = e.next;
                }
                e.next = null;
                size--;
                if (table.length > MIN_SIZE && size * 10L < table.length) {
                    resize(Math.max(MIN_SIZE, Integer.highestOneBit(Math.max(size, 1)) * 2));
                }
                return e;
            }
        }
        return null;
    }

    void clear() {
        lastAsked = null;
        lastFound = null;
        table = new Entry[MIN_SIZE];
        size = 0;
    }

    /** One bucket's entries, then the next cursor, 0 when done: {@link Dict#scan}. */
    long scan(long cursor, Consumer<Entry> visitor) {
        if (size == 0) {
            return 0;
        }
        long mask = table.length - 1;
        for (Entry e = table[(int) (cursor & mask)]; e != null; e = e.next) {
            visitor.accept(e);
        }
        return Dict.nextCursor(cursor, mask);
    }

    /** A key picked at random (as Redis's {@code dictGetRandomKey}), or null when empty. */
    byte[] randomKey() {
        if (size == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Entry head;
        do {
            head = table[random.nextInt(table.length)];
        } while (head == null);
        int length = 0;
        for (Entry e = head; e != null; e = e.next) {
            length++;
        }
        Entry e = head;
        for (int pick = random.nextInt(length); pick > 0; pick--) {
            e = e.next;
        }
        return e.key;
    }

    void forEach(Consumer<Entry> visitor) {
        for (Entry head : table) {
            for (Entry e = head; e != null; e = e.next) {
                visitor.accept(e);
            }
        }
    }

    private void resize(int capacity) {
        Entry[] fresh = new Entry[capacity];
        for (Entry head : table) {
            Entry e = head;
            while (e != null) {
                Entry next = e.next;
                int i = index(Dict.hash(e.key), capacity);
                e.next = fresh[i];
                fresh[i] = e;
                e = next;
            }
        }
        table = fresh;
    }

    private static int index(long hash, int capacity) {
        return (int) (hash & (capacity - 1));
    }
}
