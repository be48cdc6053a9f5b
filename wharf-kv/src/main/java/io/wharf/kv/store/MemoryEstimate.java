package io.wharf.kv.store;

/**
 * How many bytes of Java heap one key costs, estimated from the object layout of a 64-bit HotSpot JVM with
 * compressed references (heaps under 32 GiB): 12-byte object headers, 4-byte references, 8-byte alignment.
 * This is what INFO's {@code used_memory} sums and what {@code maxmemory} is compared with: like Redis's
 * allocator count it moves with every write, but it is computed, not measured (the JVM's heap also holds
 * garbage not yet collected, so the process's RSS is higher; INFO reports that as {@code used_memory_rss}).
 *
 * <p>Per key: its {@link Entry} (40 bytes, the {@link KeyTable}'s node too) and table slot (8: 4-byte slots at
 * a fill of one half to one key per bucket, amortised), the key's {@code byte[]} (16-byte header plus the bytes,
 * padded to 8); 40 more in the expiry table for a key with a TTL. Per value: a string's {@code byte[]}; a list's
 * ring buffer (4 bytes a slot) and its elements' arrays; a small hash's or set's {@link SmallTable} (its parallel
 * arrays, 4 bytes a slot each, and each field's, value's or member's array header) and the bytes; a big hash's
 * table (56 bytes an entry with both arrays' headers, plus the table) and the bytes; a set's {@code TreeSet} of
 * boxed longs (56 bytes a member) or big table (72 a member, plus the bytes); a sorted set's
 * {@link Dict} and {@link SkipList} (its head's 32 levels, then 152 bytes a member: the dict node and slot, the
 * skip list node with its level arrays at the average 1.33 levels, the member's array header, plus the bytes).
 * Each is O(1): the
 * containers keep their byte totals as they change.
 *
 * <p>Threading: stateless.
 */
public final class MemoryEstimate {

    static final long KEY_OVERHEAD = 40 + 8;
    static final long EXPIRE_OVERHEAD = 40;
    /** A {@link SmallTable} object: header, three references, its size. */
    static final long SMALL = 32;

    private MemoryEstimate() {
    }

    /** A {@code byte[]} of {@code n} bytes. */
    static long array(long n) {
        return 16 + ((n + 7) & ~7L);
    }

    /** The bytes {@code key} and its entry cost, a multiple of 8. */
    public static long of(byte[] key, Entry e) {
        long n = KEY_OVERHEAD + array(key.length) + value(e.value);
        if (e.expireAt != Entry.PERSISTENT) {
            n += EXPIRE_OVERHEAD;
        }
        return (n + 7) & ~7L;
    }

    static long value(Object v) {
        if (v instanceof byte[] b) {
            return array(b.length); // the usual case, ahead of the switch's type dispatch
        }
        return switch (v) {
            case byte[] b -> array(b.length);
            case ListValue l -> 24 + 16 + 4L * l.capacity() + 20L * l.size() + l.elementBytes();
            case HashValue h -> h.isListpack() ? 24 + SMALL + 3 * 16 + 12L * h.capacity() + 32L * h.size() + h.bytes()
                    : 24 + 56 + 6L * h.size() + 96L * h.size() + h.bytes();
            case SetValue s -> s.isIntset() ? 24 + 48 + 56L * s.size()
                    : s.capacity() > 0 ? 24 + SMALL + 2 * 16 + 8L * s.capacity() + 16L * s.size() + s.memberBytes()
                    : 24 + 56 + 6L * s.size() + 92L * s.size() + s.memberBytes();
            case ZSetValue z -> 24 + 56 + 456 + 152L * z.size() + z.memberBytes();
            default -> 64; // a type added later: its own case belongs here
        };
    }
}
