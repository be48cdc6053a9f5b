package io.wharf.kv.store;

/**
 * One key: its name, value, expiry and eviction metadata, and the link of its bucket in the database's
 * {@link KeyTable} (the entry is the table's node, so a key costs one 40-byte object beside its arrays). A string
 * value is a {@code byte[]}, a hash a {@link HashValue}; each type is its own class, told apart by {@link #type}.
 * Threading: guarded by the key space's lock.
 */
public final class Entry {

    /** {@link #expireAt} of a key without a TTL. */
    public static final long PERSISTENT = -1;

    /** The key's name; RENAME moves the entry to another name. */
    byte[] key;
    /** The next entry in the same {@link KeyTable} bucket. */
    Entry next;
    Object value;
    long expireAt = PERSISTENT;
    /**
     * What this key counts for in its database's memory estimate ({@link MemoryEstimate}), in units of 8 bytes
     * (an int, so the entry stays at 40 bytes; up to 16 GiB a key).
     */
    int accounted8;
    /**
     * Redis's {@code lru} field: under an LFU policy the minutes of the last decay in the high 16 bits and the
     * log counter in the low 8, otherwise the LRU clock (Unix seconds, 24 bits) of the last access.
     */
    int lru;

    Entry(byte[] key, Object value) {
        this.key = key;
        this.value = value;
    }

    public Object value() {
        return value;
    }

    public void value(Object value) {
        this.value = value;
    }

    /** Unix time in milliseconds at which the key expires, or {@link #PERSISTENT}. */
    public long expireAt() {
        return expireAt;
    }

    /** The value, copied so that changing one changes nothing in the other (COPY). */
    public Object copyValue() {
        return switch (value) {
            case byte[] b -> b;
            case HashValue h -> h.copy();
            case ListValue l -> l.copy();
            case SetValue s -> s.copy();
            case ZSetValue z -> z.copy();
            default -> throw new IllegalStateException("unknown value type " + value.getClass());
        };
    }

    /** The name TYPE answers with. */
    public String type() {
        return typeOf(value);
    }

    public static String typeOf(Object value) {
        if (value instanceof byte[]) {
            return "string";
        }
        if (value instanceof HashValue) {
            return "hash";
        }
        if (value instanceof ListValue) {
            return "list";
        }
        if (value instanceof SetValue) {
            return "set";
        }
        if (value instanceof ZSetValue) {
            return "zset";
        }
        throw new IllegalStateException("unknown value type " + value.getClass());
    }
}
