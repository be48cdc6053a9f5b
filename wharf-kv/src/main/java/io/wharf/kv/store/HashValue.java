package io.wharf.kv.store;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A hash's fields, in Redis 7.0's two encodings: a listpack while it has at most {@link #MAX_LISTPACK_ENTRIES}
 * fields and every field and value has at most {@link #MAX_LISTPACK_VALUE} bytes (kept here in insertion order,
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
    private Map<Field, byte[]> small = new LinkedHashMap<>();
    private Dict<byte[]> table;
    /** Sum of the fields' and values' lengths, kept by every change, for the memory estimate. */
    private long bytes;

    public byte[] get(byte[] field) {
        return small != null ? small.get(new Field(field)) : table.get(field);
    }

    /** Sets {@code field}; true if it is new. */
    public boolean put(byte[] field, byte[] value) {
        if (small != null && (field.length > MAX_LISTPACK_VALUE || value.length > MAX_LISTPACK_VALUE
                || small.size() >= MAX_LISTPACK_ENTRIES && !small.containsKey(new Field(field)))) {
            toTable();
        }
        byte[] old = small != null ? small.put(new Field(field), value) : table.put(field, value);
        bytes += old == null ? field.length + value.length : value.length - old.length;
        return old == null;
    }

    /** True if {@code field} was there. */
    public boolean remove(byte[] field) {
        byte[] old = small != null ? small.remove(new Field(field)) : table.remove(field);
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

    /** True while in the listpack encoding (OBJECT ENCODING's {@code listpack}, else {@code hashtable}). */
    public boolean isListpack() {
        return small != null;
    }

    /** A copy that shares no state with this one, in the same encoding (field and value bytes never change). */
    public HashValue copy() {
        HashValue c = new HashValue();
        if (small != null) {
            c.small.putAll(small);
        } else {
            c.small = null;
            c.table = new Dict<>();
            table.forEach(c.table::put);
        }
        c.bytes = bytes;
        return c;
    }

    /**
     * The fields, to read, in the encoding's order (a table's is copied into a map in table order): a change
     * through the map would escape the memory accounting.
     */
    public Map<Field, byte[]> fields() {
        if (small != null) {
            return Collections.unmodifiableMap(small);
        }
        Map<Field, byte[]> all = new LinkedHashMap<>();
        table.forEach((f, v) -> all.put(new Field(f), v));
        return Collections.unmodifiableMap(all);
    }

    /** One HSCAN step over a table-encoded hash ({@link Dict#scan}); not for a listpack, scanned whole. */
    public long scan(long cursor, BiConsumer<byte[], byte[]> visitor) {
        return table.scan(cursor, visitor);
    }

    private void toTable() {
        table = new Dict<>();
        small.forEach((f, v) -> table.put(f.bytes(), v));
        small = null;
    }
}
