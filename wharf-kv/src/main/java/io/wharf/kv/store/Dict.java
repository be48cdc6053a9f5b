package io.wharf.kv.store;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * A chained hash table keyed by byte strings, shaped like Redis's {@code dict}: a power-of-two table, so that
 * {@link #scan} can walk it with Redis's reverse-binary cursor (every key present for the whole scan is
 * returned at least once, even if the table grows or shrinks between calls), and so that {@link #random}
 * can pick a key in O(1) for expiry sampling. {@code java.util.HashMap} offers neither.
 *
 * <p>The table doubles when it holds as many keys as buckets and halves below a tenth (Redis's
 * {@code HASHTABLE_MIN_FILL}); it is rehashed at once, not incrementally as Redis does. Keys are hashed with a
 * per-process random seed, so a client cannot choose colliding keys ahead of time.
 *
 * <p>Threading: not thread-safe; the key space's lock guards it.
 */
public final class Dict<V> {

    private static final int MIN_SIZE = 4;
    private static final long SEED = ThreadLocalRandom.current().nextLong() | 1;

    private static final class Node<V> {
        final byte[] key;
        final long hash;
        V value;
        Node<V> next;

        Node(byte[] key, long hash, V value, Node<V> next) {
            this.key = key;
            this.hash = hash;
            this.value = value;
            this.next = next;
        }
    }

    @SuppressWarnings("unchecked")
    private Node<V>[] table = new Node[MIN_SIZE];
    private int size;

    public int size() {
        return size;
    }

    public V get(byte[] key) {
        long h = hash(key);
        for (Node<V> n = table[index(h, table.length)]; n != null; n = n.next) {
            if (n.hash == h && Arrays.equals(n.key, key)) {
                return n.value;
            }
        }
        return null;
    }

    /** Sets {@code key} to {@code value}; returns the previous value, or null. */
    public V put(byte[] key, V value) {
        long h = hash(key);
        int i = index(h, table.length);
        for (Node<V> n = table[i]; n != null; n = n.next) {
            if (n.hash == h && Arrays.equals(n.key, key)) {
                V old = n.value;
                n.value = value;
                return old;
            }
        }
        table[i] = new Node<>(key, h, value, table[i]);
        if (++size > table.length) {
            resize(table.length * 2);
        }
        return null;
    }

    /** Removes {@code key}; returns its value, or null if it was not there. */
    public V remove(byte[] key) {
        long h = hash(key);
        int i = index(h, table.length);
        Node<V> prev = null;
        for (Node<V> n = table[i]; n != null; prev = n, n = n.next) {
            if (n.hash == h && Arrays.equals(n.key, key)) {
                if (prev == null) {
                    table[i] = n.next;
                } else {
                    prev.next = n.next;
                }
                size--;
                if (table.length > MIN_SIZE && size * 10L < table.length) {
                    resize(Math.max(MIN_SIZE, Integer.highestOneBit(Math.max(size, 1)) * 2));
                }
                return n.value;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    public void clear() {
        table = new Node[MIN_SIZE];
        size = 0;
    }

    /**
     * Visits one bucket's keys and returns the cursor of the next call, 0 when the walk is done (Redis's
     * {@code dictScan}): the cursor counts up in bit-reversed order over the bucket index, which is why a
     * resize between calls skips no bucket that was already in the table.
     */
    public long scan(long cursor, BiConsumer<byte[], V> visitor) {
        if (size == 0) {
            return 0;
        }
        long mask = table.length - 1;
        for (Node<V> n = table[(int) (cursor & mask)]; n != null; n = n.next) {
            visitor.accept(n.key, n.value);
        }
        return nextCursor(cursor, mask);
    }

    /** The cursor after {@code cursor} over a table of {@code mask + 1} buckets: bit-reversed increment. */
    static long nextCursor(long cursor, long mask) {
        long v = cursor | ~mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }

    /** A key picked at random (roughly uniformly, as Redis's {@code dictGetRandomKey}), or null when empty. */
    public byte[] randomKey() {
        if (size == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Node<V> head;
        do {
            head = table[random.nextInt(table.length)];
        } while (head == null);
        int length = 0;
        for (Node<V> n = head; n != null; n = n.next) {
            length++;
        }
        int pick = random.nextInt(length);
        Node<V> n = head;
        while (pick-- > 0) {
            n = n.next;
        }
        return n.key;
    }

    /** Visits every key, in table order. */
    public void forEach(BiConsumer<byte[], V> visitor) {
        for (Node<V> head : table) {
            for (Node<V> n = head; n != null; n = n.next) {
                visitor.accept(n.key, n.value);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void resize(int capacity) {
        Node<V>[] old = table;
        Node<V>[] fresh = new Node[capacity];
        for (Node<V> head : old) {
            Node<V> n = head;
            while (n != null) {
                Node<V> next = n.next;
                int i = index(n.hash, capacity);
                n.next = fresh[i];
                fresh[i] = n;
                n = next;
            }
        }
        table = fresh;
    }

    private static int index(long hash, int capacity) {
        return (int) (hash & (capacity - 1));
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    /**
     * A seeded 64-bit hash of the key: eight bytes at a time, each word mixed as MurmurHash3's x64 body mixes
     * it, then MurmurHash3's finaliser (a byte at a time was the top of a -P 16 SET profile).
     */
    static long hash(byte[] key) {
        int n = key.length;
        long h = SEED ^ n;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            h ^= Long.rotateLeft((long) LONGS.get(key, i) * C1, 31) * C2;
            h = Long.rotateLeft(h, 27) * 5 + 0x52dce729;
        }
        long tail = 0;
        for (int shift = 0; i < n; i++, shift += 8) {
            tail |= (key[i] & 0xffL) << shift;
        }
        h ^= Long.rotateLeft(tail * C1, 31) * C2;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
