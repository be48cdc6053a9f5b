package io.wharf.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys a config may hold, in the order they were given (which is the order help and examples list
 * them). Built from {@link CoreKeys#ALL} plus each protocol's keys; it also knows which keys a
 * {@code [listener.NAME]} section may set: the core keys marked per-listener and its protocol's own. Immutable and
 * thread-safe.
 */
public final class ConfigSchema {

    /** Where a listener section's name starts: {@code [listener.web]}. */
    public static final String LISTENER_PREFIX = "listener.";

    private final List<ConfigKey<?>> keys;
    private final Map<String, ConfigKey<?>> byId;
    /** Each protocol's own keys, by protocol name, in the order protocols were added. */
    private final Map<String, List<ConfigKey<?>>> protocols;
    /** The core keys a listener section may set (ids). */
    private final Set<String> perListener;

    private ConfigSchema(List<ConfigKey<?>> keys) {
        this(keys, Map.of(), Set.of());
    }

    private ConfigSchema(List<ConfigKey<?>> keys, Map<String, List<ConfigKey<?>>> protocols, Set<String> perListener) {
        Map<String, ConfigKey<?>> ids = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys) {
            if (ids.putIfAbsent(key.id(), key) != null) {
                throw new IllegalArgumentException("config key " + key.id() + " is defined twice");
            }
        }
        this.keys = List.copyOf(keys);
        this.byId = ids;
        this.protocols = Collections.unmodifiableMap(new LinkedHashMap<>(protocols));
        this.perListener = Set.copyOf(perListener);
    }

    /** @throws IllegalArgumentException if two keys share an id */
    public static ConfigSchema of(List<ConfigKey<?>> keys) {
        return new ConfigSchema(keys);
    }

    /** This schema plus {@code more} (e.g. a protocol's section). @throws IllegalArgumentException on a clash */
    public ConfigSchema with(List<ConfigKey<?>> more) {
        List<ConfigKey<?>> all = new ArrayList<>(keys);
        all.addAll(more);
        return new ConfigSchema(all, protocols, perListener);
    }

    /** This schema plus a protocol's keys, which a listener section of that protocol may set too. */
    public ConfigSchema withProtocol(String protocol, List<ConfigKey<?>> protocolKeys) {
        Map<String, List<ConfigKey<?>>> p = new LinkedHashMap<>(protocols);
        p.put(protocol, List.copyOf(protocolKeys));
        List<ConfigKey<?>> all = new ArrayList<>(keys);
        protocolKeys.stream().filter(k -> !byId.containsKey(k.id())).forEach(all::add);
        return new ConfigSchema(all, p, perListener);
    }

    /** This schema where a listener section may also set {@code coreKeys} (its port, model, limits...). */
    public ConfigSchema perListener(List<ConfigKey<?>> coreKeys) {
        Set<String> ids = new HashSet<>(perListener);
        coreKeys.forEach(k -> ids.add(k.id()));
        return new ConfigSchema(keys, protocols, ids);
    }

    /** The protocols whose keys this schema holds, by name. */
    public Set<String> protocols() {
        return protocols.keySet();
    }

    /**
     * The key {@code name} as a listener section of {@code protocol} means it: one of the protocol's own keys,
     * else one of the core keys settable per listener.
     */
    public Optional<ConfigKey<?>> findForListener(String protocol, String name) {
        String n = lower(name);
        return protocols.getOrDefault(protocol, List.of()).stream().filter(k -> k.name().equals(n)).findFirst()
                .or(() -> keys.stream().filter(k -> perListener.contains(k.id()) && k.name().equals(n)).findFirst());
    }

    /** The names a listener section of {@code protocol} may set, for "did you mean" hints. */
    public List<String> listenerKeyNames(String protocol) {
        List<String> names = new ArrayList<>();
        protocols.getOrDefault(protocol, List.of()).forEach(k -> names.add(k.name()));
        keys.stream().filter(k -> perListener.contains(k.id())).forEach(k -> names.add(k.name()));
        return names;
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

    /**
     * Why {@code [section] name} is no key of this schema, with the likeliest fix, as the file loader words it:
     * {@code unknown section [bogus]} or {@code unknown key 'prot' in [server] (did you mean 'port'?)}. Empty when
     * it is a key.
     */
    public Optional<String> whyUnknown(String section, String name) {
        if (find(section, name).isPresent()) {
            return Optional.empty();
        }
        if (!sections().contains(lower(section))) {
            return Optional.of(unknownSection(section));
        }
        List<String> names = keysIn(section).stream().map(ConfigKey::name).toList();
        String hint = Spelling.closest(lower(name), names).map(n -> " (did you mean '" + n + "'?)")
                .or(() -> keys.stream().filter(k -> k.name().equals(lower(name))).findFirst()
                        .map(k -> " (did you mean [" + k.section() + "] " + k.name() + "?)"))
                .orElse("");
        return Optional.of("unknown key '" + name + "' in [" + section + "]" + hint);
    }

    /** {@code unknown section [bogus] (did you mean [server]?)}, or the sections there are when none is close. */
    public String unknownSection(String section) {
        return "unknown section [" + section + "]" + Spelling.closest(lower(section), sections())
                .map(c -> " (did you mean [" + c + "]?)")
                .orElse(": one of " + String.join(", ", sections()) + ", or listener.NAME");
    }

    /** Why a {@code protocol} listener's section ({@code [listener.web]}) cannot set {@code name}, with the fix. */
    public String notForListener(String section, String protocol, String name) {
        Optional<ConfigKey<?>> elsewhere = keys.stream().filter(k -> k.name().equals(lower(name))).findFirst();
        if (elsewhere.isPresent() && protocols().contains(elsewhere.get().section())) {
            return section + ": '" + name + "' is a key of " + elsewhere.get().section() + ", not of " + protocol;
        }
        if (elsewhere.isPresent()) {
            return section + ": [" + elsewhere.get().section() + "] " + elsewhere.get().name()
                    + " is for the whole process: set it in [" + elsewhere.get().section() + "]";
        }
        return section + ": unknown key '" + name + "' for protocol " + protocol
                + Spelling.closest(lower(name), listenerKeyNames(protocol)).map(n -> " (did you mean '" + n + "'?)")
                .orElse("");
    }

    private static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
