package io.wharf.kv.store;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A hash's fields, in Redis 7.0's two encodings: a listpack while it has at most {@link #MAX_LISTPACK_ENTRIES}
 * fields and every field and value has at most {@link #MAX_LISTPACK_VALUE} bytes (a {@link SmallTable}, in insertion order,
 * the order Redis gives such a hash, so HGETALL, HKEYS and HVALS answer as Redis does), then, for good once a
 * limit is passed as in Redis, a hash table ({@link Dict}), iterated in its table order and scanned with its
 * reverse-binary cursor (HSCAN steps through it as Redis steps through its dict).
 *
 * <p>Threading: guarded by the key space's lock.
 */
public final class HashValue {

    /** Redis's {@code hash-max-listpack-entries}. */
    public static final int MAX_LISTPACK_ENTRIES = 128;
    /** Redis's {@code hash-max-listpack-value}. */
    public static final int MAX_LISTPACK_VALUE = 64;

    /** A field name with value equality, as a map key. */
    public record Field(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Field f && Arrays.equals(bytes, f.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    /** The listpack encoding; null once the hash is a table. */
    private SmallTable small = new SmallTable(true);
    private Dict<byte[]> table;
    /** Sum of the fields' and values' lengths, kept by every change, for the memory estimate. */
    private long bytes;

    public byte[] get(byte[] field) {
        if (small == null) {
            return table.get(field);
        }
        int i = small.indexOf(field);
        return i < 0 ? null : small.value(i);
    }

    /** Sets {@code field}; true if it is new. */
    public boolean put(byte[] field, byte[] value) {
        byte[] old;
        if (small != null) {
            int i = small.indexOf(field);
            if (field.length > MAX_LISTPACK_VALUE || value.length > MAX_LISTPACK_VALUE
                    || i < 0 && small.size() >= MAX_LISTPACK_ENTRIES) {
                toTable();
                old = table.put(field, value);
            } else if (i < 0) {
                small.add(field, value);
                old = null;
            } else {
                old = small.value(i, value);
            }
        } else {
            old = table.put(field, value);
        }
        bytes += old == null ? field.length + value.length : value.length - old.length;
        return old == null;
    }

    /** True if {@code field} was there. */
    public boolean remove(byte[] field) {
        byte[] old;
        if (small != null) {
            int i = small.indexOf(field);
            old = i < 0 ? null : small.value(i);
            if (i >= 0) {
                small.removeAt(i);
            }
        } else {
            old = table.remove(field);
        }
        if (old != null) {
            bytes -= field.length + old.length;
        }
        return old != null;
    }

    /** The fields' and values' lengths summed. */
    long bytes() {
        return bytes;
    }

    public int size() {
        return small != null ? small.size() : table.size();
    }

    /** The listpack's slots, 0 once a table (for the memory estimate). */
    int capacity() {
        return small != null ? small.capacity() : 0;
    }

    /** True while in the listpack encoding (OBJECT ENCODING's {@code listpack}, else {@code hashtable}). */
    public boolean isListpack() {
        return small != null;
    }

    /** A copy that shares no state with this one, in the same encoding (field and value bytes never change). */
    public HashValue copy() {
        HashValue c = new HashValue();
        if (small != null) {
            c.small = small.copy();
        } else {
            c.small = null;
            c.table = new Dict<>();
            table.forEach(c.table::put);
        }
        c.bytes = bytes;
        return c;
    }

    /**
     * The fields, to read, in the encoding's order, copied into a map (a change through it would escape the
     * memory accounting); {@link #forEach} visits them without the copy.
     */
    public Map<Field, byte[]> fields() {
        Map<Field, byte[]> all = new LinkedHashMap<>();
        if (small != null) {
            for (int i = 0; i < small.size(); i++) {
                all.put(new Field(small.key(i)), small.value(i));
            }
            return Collections.unmodifiableMap(all);
        }
        table.forEach((f, v) -> all.put(new Field(f), v));
        return Collections.unmodifiableMap(all);
    }

    /** Visits the fields and their values in the encoding's order. */
    public void forEach(BiConsumer<byte[], byte[]> visitor) {
        if (small == null) {
            table.forEach(visitor);
            return;
        }
        for (int i = 0; i < small.size(); i++) {
            visitor.accept(small.key(i), small.value(i));
        }
    }

    /** One HSCAN step over a table-encoded hash ({@link Dict#scan}); not for a listpack, scanned whole. */
    public long scan(long cursor, BiConsumer<byte[], byte[]> visitor) {
        return table.scan(cursor, visitor);
    }

    private void toTable() {
        table = new Dict<>();
        for (int i = 0; i < small.size(); i++) {
            table.put(small.key(i), small.value(i));
        }
        small = null;
    }
}
