package io.wharf.kv.store;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hash's fields, in insertion order: the order Redis gives a small hash (a listpack, up to 128 fields of up
 * to 64 bytes), so HGETALL, HKEYS and HVALS answer as Redis does for those. Threading: guarded by the key
 * space's lock.
 */
public final class HashValue {

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

    private final Map<Field, byte[]> fields = new LinkedHashMap<>();
    /** Sum of the fields' and values' lengths, kept by every change, for the memory estimate. */
    private long bytes;

    public byte[] get(byte[] field) {
        return fields.get(new Field(field));
    }

    /** Sets {@code field}; true if it is new. */
    public boolean put(byte[] field, byte[] value) {
        byte[] old = fields.put(new Field(field), value);
        bytes += old == null ? field.length + value.length : value.length - old.length;
        return old == null;
    }

    /** True if {@code field} was there. */
    public boolean remove(byte[] field) {
        byte[] old = fields.remove(new Field(field));
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
        return fields.size();
    }

    /** A copy that shares no state with this one (field and value bytes are never changed in place). */
    public HashValue copy() {
        HashValue c = new HashValue();
        c.fields.putAll(fields);
        c.bytes = bytes;
        return c;
    }

    /** The fields, to read: a change through the map would escape the memory accounting. */
    public Map<Field, byte[]> fields() {
        return java.util.Collections.unmodifiableMap(fields);
    }
}
