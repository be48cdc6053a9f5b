package io.wharf.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The keys a config may hold, in the order they were given (which is the order help and examples list
 * them). Built from {@link CoreKeys#ALL} plus each protocol's keys. Immutable and thread-safe.
 */
public final class ConfigSchema {

    private final List<ConfigKey<?>> keys;
    private final Map<String, ConfigKey<?>> byId;

    private ConfigSchema(List<ConfigKey<?>> keys) {
        Map<String, ConfigKey<?>> ids = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys) {
            if (ids.putIfAbsent(key.id(), key) != null) {
                throw new IllegalArgumentException("config key " + key.id() + " is defined twice");
            }
        }
        this.keys = List.copyOf(keys);
        this.byId = ids;
    }

    /** @throws IllegalArgumentException if two keys share an id */
    public static ConfigSchema of(List<ConfigKey<?>> keys) {
        return new ConfigSchema(keys);
    }

    /** This schema plus {@code more} (e.g. a protocol's section). @throws IllegalArgumentException on a clash */
    public ConfigSchema with(List<ConfigKey<?>> more) {
        List<ConfigKey<?>> all = new ArrayList<>(keys);
        all.addAll(more);
        return new ConfigSchema(all);
    }

    /** The key {@code [section] name}, ignoring case. */
    public Optional<ConfigKey<?>> find(String section, String name) {
        return Optional.ofNullable(byId.get(lower(section) + "." + lower(name)));
    }

    public List<ConfigKey<?>> keys() {
        return keys;
    }

    /** Section names, lower-case, in the order their first key appears. */
    public List<String> sections() {
        return keys.stream().map(ConfigKey::section).distinct().toList();
    }

    /** The keys of one section, in order. */
    public List<ConfigKey<?>> keysIn(String section) {
        String s = lower(section);
        return keys.stream().filter(k -> k.section().equals(s)).toList();
    }

    /** True when this schema holds a key with this key's id. */
    public boolean contains(ConfigKey<?> key) {
        return byId.containsKey(key.id());
    }

    private static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
