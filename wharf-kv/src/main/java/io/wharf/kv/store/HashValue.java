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

    public byte[] get(byte[] field) {
        return fields.get(new Field(field));
    }

    /** Sets {@code field}; true if it is new. */
    public boolean put(byte[] field, byte[] value) {
        return fields.put(new Field(field), value) == null;
    }

    /** True if {@code field} was there. */
    public boolean remove(byte[] field) {
        return fields.remove(new Field(field)) != null;
    }

    public int size() {
        return fields.size();
    }

    /** A copy that shares no state with this one (field and value bytes are never changed in place). */
    public HashValue copy() {
        HashValue c = new HashValue();
        c.fields.putAll(fields);
        return c;
    }

    public Map<Field, byte[]> fields() {
        return fields;
    }
}
