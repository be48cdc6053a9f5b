package io.wharf.core.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Resolved settings: each key's value comes from, in rising precedence, its default, the config file and
 * command-line overrides. Immutable and thread-safe: {@link #override} and {@link #reload} return a new
 * config, so a server can swap the whole object on SIGHUP.
 */
public final class Config {

    /** A value and where it came from ({@code conf/server.conf:3} or {@code --port}). */
    record Setting(Object value, String origin) {
    }

    /**
     * One {@code [listener.NAME]} section: its protocol and its own settings (by key id: {@code server.port},
     * {@code http.document_root}), which win over the file's sections for that listener.
     */
    record ListenerDef(String name, String protocol, String origin, Map<String, Setting> settings) {
        ListenerDef {
            settings = Map.copyOf(settings);
        }
    }

    /** The key in a listener section that names its protocol. */
    public static final String PROTOCOL = "protocol";

    /** An override as given, kept so {@link #reload} can apply it again; {@code listener} null for a section key. */
    private record Flag(String listener, ConfigKey<?> key, String raw, String origin) {
    }

    private final ConfigSchema schema;
    private final Path file;
    private final Map<String, Setting> settings;
    private final List<ListenerDef> listeners;
    private final List<Flag> overrides;
    /** For a listener's view ({@link #forListener}): its name; null for the whole file. */
    private final String listener;

    private Config(ConfigSchema schema, Path file, Map<String, Setting> settings, List<ListenerDef> listeners,
                   List<Flag> overrides, String listener) {
        this.schema = schema;
        this.file = file;
        this.settings = Map.copyOf(settings);
        this.listeners = List.copyOf(listeners);
        this.overrides = List.copyOf(overrides);
        this.listener = listener;
    }

    /** Every key at its default. */
    public static Config defaults(ConfigSchema schema) {
        return new Config(Objects.requireNonNull(schema, "schema"), null, Map.of(), List.of(), List.of(), null);
    }

    /**
     * Reads {@code file} (UTF-8) strictly: an unknown section or key, a malformed line, a bad value or a
     * key set twice is an error.
     *
     * @throws ConfigException naming the file and line, e.g. {@code server.conf:3: unknown key 'prot' in [server]}
     */
    public static Config load(Path file, ConfigSchema schema) throws ConfigException {
        String label = file.toString();
        String text = decode(read(file), label);
        List<IniParser.Line> lines = IniParser.parse(text, label);
        ConfigLoader.Loaded loaded = ConfigLoader.load(schema, label, lines);
        return new Config(schema, file, loaded.settings(), loaded.listeners(), List.of(), null);
    }

    /**
     * This config with {@code key} set from a command-line value, which wins over the file.
     *
     * @param origin where the value came from, used in messages and {@link #origin}, e.g. {@code --port}
     * @throws ConfigException e.g. {@code --port: '70000' is out of range 1-65535}
     * @throws IllegalArgumentException if the key is not in this config's schema
     */
    public Config override(ConfigKey<?> key, String raw, String origin) throws ConfigException {
        requireKnown(key);
        Object value;
        try {
            value = key.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin + ": " + e.getMessage(), e);
        }
        Map<String, Setting> next = new LinkedHashMap<>(settings);
        next.put(key.id(), new Setting(value, origin));
        List<Flag> applied = new ArrayList<>(overrides);
        applied.add(new Flag(null, key, raw, origin));
        return new Config(schema, file, next, listeners, applied, listener);
    }

    /**
     * This config with the listener {@code name}'s key {@code keyName} set from a command-line value
     * ({@code --set listener.web.port=9000}).
     *
     * @throws ConfigException when there is no such listener, the key is not one it may set, or the value is bad
     */
    public Config override(String name, String keyName, String raw, String origin) throws ConfigException {
        ListenerDef def = listenerDef(name).orElseThrow(() -> new ConfigException(origin + ": there is no [listener."
                + name + "]" + (file == null ? " (listeners are [listener.NAME] sections of a --config file)"
                : " in " + file + Spelling.closest(name, listenerNames()).map(n -> " (did you mean '" + n + "'?)")
                .orElse(listenerNames().isEmpty() ? "" : ": it has " + String.join(", ", listenerNames())))));
        ConfigKey<?> key = schema.findForListener(def.protocol(), keyName).orElseThrow(() -> new ConfigException(
                origin + ": " + schema.notForListener("[listener." + name + "]", def.protocol(), keyName)));
        Object value;
        try {
            value = key.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin + ": " + e.getMessage(), e);
        }
        Map<String, Setting> own = new LinkedHashMap<>(def.settings());
        own.put(key.id(), new Setting(value, origin));
        List<ListenerDef> defs = new ArrayList<>(listeners);
        defs.set(defs.indexOf(def), new ListenerDef(def.name(), def.protocol(), def.origin(), own));
        List<Flag> applied = new ArrayList<>(overrides);
        applied.add(new Flag(name, key, raw, origin));
        return new Config(schema, file, settings, defs, applied, listener);
    }

    /** The {@code [listener.NAME]} sections' names, in file order; empty when the file has none. */
    public List<String> listenerNames() {
        return listeners.stream().map(ListenerDef::name).toList();
    }

    /** The protocol of the listener {@code name}. */
    public Optional<String> listenerProtocol(String name) {
        return listenerDef(name).map(ListenerDef::protocol);
    }

    /** Where the listener {@code name}'s section starts, {@code server.conf:12}. */
    public Optional<String> listenerOrigin(String name) {
        return listenerDef(name).map(ListenerDef::origin);
    }

    /**
     * The config the listener {@code name} runs with: every section of the file, with the listener's own keys
     * over them (its port, its document root). Its origins say where each value came from.
     */
    public Config forListener(String name) {
        ListenerDef def = listenerDef(name).orElseThrow(() -> new IllegalArgumentException("no listener " + name));
        Map<String, Setting> merged = new LinkedHashMap<>(settings);
        merged.putAll(def.settings());
        return new Config(schema, file, merged, List.of(), List.of(), name);
    }

    /** The listener this config is the view of ({@link #forListener}), if it is one. */
    public Optional<String> listener() {
        return Optional.ofNullable(listener);
    }

    private Optional<ListenerDef> listenerDef(String name) {
        return listeners.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /**
     * Re-reads the file (if this config came from one) and applies the same overrides again, so flags keep
     * winning after a reload. Compare with {@link #changedKeys} to see what changed.
     */
    public Config reload() throws ConfigException {
        Config fresh = file == null ? defaults(schema) : load(file, schema);
        for (Flag o : overrides) {
            fresh = o.listener() == null ? fresh.override(o.key(), o.raw(), o.origin())
                    : fresh.override(o.listener(), o.key().name(), o.raw(), o.origin());
        }
        return fresh;
    }

    /** The value, or the key's default (which may be null) when nothing set it. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        requireKnown(key);
        Setting s = settings.get(key.id());
        return s == null ? key.defaultValue() : (T) s.value();
    }

    /** True when the file or an override set the key. */
    public boolean isSet(ConfigKey<?> key) {
        requireKnown(key);
        return settings.containsKey(key.id());
    }

    /** {@code conf/server.conf:3}, {@code --port} or {@code default}. */
    public String origin(ConfigKey<?> key) {
        requireKnown(key);
        Setting s = settings.get(key.id());
        return s == null ? "default" : s.origin();
    }

    /** The file this config was loaded from. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public ConfigSchema schema() {
        return schema;
    }

    /**
     * The keys of this config's schema whose effective value differs in {@code newer}, in schema order.
     * On reload the caller applies the {@link ConfigKey#live() live} ones and warns about the rest.
     */
    public List<ConfigKey<?>> changedKeys(Config newer) {
        return schema.keys().stream()
                .filter(newer.schema::contains)
                .filter(k -> !Objects.equals(get(k), newer.get(k)))
                .toList();
    }

    /** The set keys in schema order, with origins: for debugging, not for parsing. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Config");
        file().ifPresent(f -> b.append('(').append(f).append(')'));
        StringJoiner set = new StringJoiner(", ", "{", "}");
        for (ConfigKey<?> k : schema.keys()) {
            Setting s = settings.get(k.id());
            if (s != null) {
                set.add(k.id() + "=" + s.value() + " [" + s.origin() + "]");
            }
        }
        return b.append(set).toString();
    }

    private void requireKnown(ConfigKey<?> key) {
        if (!schema.contains(key)) {
            throw new IllegalArgumentException("config key " + key.id() + " is not in this config's schema");
        }
    }

    private static byte[] read(Path file) throws ConfigException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("cannot read config file " + file + ": No such file", e);
        } catch (AccessDeniedException e) {
            throw new ConfigException("cannot read config file " + file + ": Permission denied", e);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ConfigException("cannot read config file " + file + ": " + reason, e);
        }
    }

    private static String decode(byte[] bytes, String label) throws ConfigException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new ConfigException(label + ": not valid UTF-8 text", e);
        }
    }
}
