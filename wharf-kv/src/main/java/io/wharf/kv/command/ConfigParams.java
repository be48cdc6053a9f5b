package io.wharf.kv.command;

import io.wharf.kv.store.Glob;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The parameters CONFIG GET and CONFIG SET know, pluggable as INFO's sections are: each has a getter and, if it
 * can change at run time, a setter that throws {@link IllegalArgumentException} with Redis's reason.
 * {@link #register} replaces a parameter (how persistence and eviction supply {@code appendonly},
 * {@code maxmemory} and the like). CONFIG SET of several parameters checks every value before setting any, as
 * Redis 7.0.
 *
 * <p>Threading: getters and setters run under the key space's lock; {@link #register} before clients connect.
 */
public final class ConfigParams {

    /** One parameter; a null setter is immutable. */
    public record Param(Supplier<String> getter, Consumer<String> setter, Consumer<String> check) {
    }

    private final Map<String, Param> params = new LinkedHashMap<>();

    /** A parameter that cannot change while the server runs. */
    public void immutable(String name, Supplier<String> getter) {
        params.put(name, new Param(getter, null, null));
    }

    /** A parameter CONFIG SET changes: {@code check} validates (throwing with Redis's reason), then {@code setter} sets. */
    public void register(String name, Supplier<String> getter, Consumer<String> check, Consumer<String> setter) {
        params.put(name, new Param(getter, setter, check));
    }

    Param get(String name) {
        return params.get(name);
    }

    /** Name and value of each parameter matching any of {@code patterns}, in table order. */
    List<String[]> matching(List<byte[]> patterns) {
        List<String[]> out = new ArrayList<>();
        for (Map.Entry<String, Param> e : params.entrySet()) {
            byte[] name = e.getKey().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (byte[] p : patterns) {
                if (Glob.matches(lower(p), name)) {
                    out.add(new String[] {e.getKey(), e.getValue().getter().get()});
                    break;
                }
            }
        }
        return out;
    }

    private static byte[] lower(byte[] b) {
        byte[] c = b.clone();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= 'A' && c[i] <= 'Z') {
                c[i] += 32;
            }
        }
        return c;
    }

    /** Redis's integer parameters: a 64-bit number, else "argument couldn't be parsed into an integer". */
    static long integer(String v, long min) {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument couldn't be parsed into an integer");
        }
        if (n < min) {
            throw new IllegalArgumentException("argument must be between " + min + " and " + Long.MAX_VALUE
                    + " inclusive");
        }
        return n;
    }
}
