package io.wharf.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Header fields in arrival order, looked up case-insensitively. A field may repeat. Small on purpose: a
 * request has a dozen fields, so a list beats a map. Threading: not thread-safe; owned by one request.
 */
public final class HttpHeaders {

    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    public HttpHeaders add(String name, String value) {
        names.add(name);
        values.add(value);
        return this;
    }

    /** Replaces every field of that name with one. */
    public HttpHeaders set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    public void remove(String name) {
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
            }
        }
    }

    /** The first value of the field, if present. */
    public Optional<String> first(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return Optional.of(values.get(i));
            }
        }
        return Optional.empty();
    }

    public String get(String name) {
        return first(name).orElse(null);
    }

    /** Every value of the field, in order. */
    public List<String> all(String name) {
        List<String> out = null; // most lookups find nothing: allocate only for a match
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(values.get(i));
            }
        }
        return out == null ? List.of() : out;
    }

    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /** True when a comma-separated field such as Connection holds {@code token} (case-insensitive). */
    public boolean hasToken(String name, String token) {
        for (String v : all(name)) {
            for (String t : v.split(",")) {
                if (t.trim().toLowerCase(Locale.ROOT).equals(token.toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    public int size() {
        return names.size();
    }

    public String name(int i) {
        return names.get(i);
    }

    public String value(int i) {
        return values.get(i);
    }

    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            sb.append(names.get(i)).append(": ").append(values.get(i)).append("\r\n");
        }
        return sb.toString();
    }
}
