package io.wharf.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks parsed lines against a schema and turns them into typed settings: the sections' keys, and each
 * {@code [listener.NAME]} section's own keys once its {@code protocol} line says which keys it may have. Stops at
 * the first error, with a message naming file, line and key. Stateless.
 */
final class ConfigLoader {

    private static final Pattern LISTENER_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    /** What a file holds: settings by key id in file order, and its listeners in file order. */
    record Loaded(Map<String, Config.Setting> settings, List<Config.ListenerDef> listeners) {
    }

    /** A listener section's lines, until its protocol is known. */
    private record RawListener(String name, int line, List<IniParser.Entry> entries) {
    }

    private ConfigLoader() {
    }

    static Loaded load(ConfigSchema schema, String file, List<IniParser.Line> lines) throws ConfigException {
        Map<String, Config.Setting> settings = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        Map<String, RawListener> listeners = new LinkedHashMap<>();
        String section = null;
        RawListener listener = null;
        for (IniParser.Line line : lines) {
            switch (line) {
                case IniParser.Section s -> {
                    if (s.name().startsWith(ConfigSchema.LISTENER_PREFIX)) {
                        listener = listeners.computeIfAbsent(listenerName(s, file),
                                n -> new RawListener(n, s.number(), new ArrayList<>()));
                        section = s.name();
                        continue;
                    }
                    listener = null;
                    if (!schema.sections().contains(s.name())) {
                        throw ConfigException.at(file, s.number(), schema.unknownSection(s.name()));
                    }
                    section = s.name();
                }
                case IniParser.Entry e -> {
                    if (section == null) {
                        throw ConfigException.at(file, e.number(),
                                "'" + e.key() + "' is set before any [section]: add a [section] line above it");
                    }
                    if (listener != null) {
                        listener.entries().add(e);
                        continue;
                    }
                    ConfigKey<?> key = known(schema, section, e, file);
                    Integer first = firstLine.putIfAbsent(key.id(), e.number());
                    if (first != null) {
                        throw ConfigException.at(file, e.number(),
                                label(key) + " is set twice (first on line " + first + ")");
                    }
                    settings.put(key.id(), new Config.Setting(value(key, e, file), file + ":" + e.number()));
                }
            }
        }
        List<Config.ListenerDef> defs = new ArrayList<>();
        for (RawListener raw : listeners.values()) {
            defs.add(listener(schema, file, raw));
        }
        return new Loaded(settings, defs);
    }

    private static String listenerName(IniParser.Section s, String file) throws ConfigException {
        String name = s.name().substring(ConfigSchema.LISTENER_PREFIX.length());
        if (!LISTENER_NAME.matcher(name).matches()) {
            throw ConfigException.at(file, s.number(), "[" + s.name() + "]: a listener's name is letters, digits, "
                    + "'_' and '-', e.g. [listener.web]");
        }
        return name;
    }

    private static Config.ListenerDef listener(ConfigSchema schema, String file, RawListener raw)
            throws ConfigException {
        String section = "[" + ConfigSchema.LISTENER_PREFIX + raw.name() + "]";
        IniParser.Entry protocolLine = raw.entries().stream().filter(e -> e.key().equals(Config.PROTOCOL))
                .findFirst().orElseThrow(() -> ConfigException.at(file, raw.line(), section
                        + " has no 'protocol = ...' line: one of " + String.join(", ", schema.protocols())));
        String protocol = protocolLine.value().strip().toLowerCase(java.util.Locale.ROOT);
        if (!schema.protocols().contains(protocol)) {
            throw ConfigException.at(file, protocolLine.number(), section + " protocol: unknown protocol '"
                    + protocolLine.value() + "'" + Spelling.closest(protocol, schema.protocols())
                    .map(c -> " (did you mean '" + c + "'?)").orElse("") + ": one of "
                    + String.join(", ", schema.protocols()));
        }
        Map<String, Config.Setting> settings = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (IniParser.Entry e : raw.entries()) {
            if (e.key().equals(Config.PROTOCOL)) {
                if (e != protocolLine) {
                    throw ConfigException.at(file, e.number(), section + " protocol is set twice (first on line "
                            + protocolLine.number() + ")");
                }
                continue;
            }
            ConfigKey<?> key = schema.findForListener(protocol, e.key()).orElseThrow(() -> ConfigException.at(file,
                    e.number(), notForListener(schema, section, protocol, e.key())));
            Integer first = firstLine.putIfAbsent(key.id(), e.number());
            if (first != null) {
                throw ConfigException.at(file, e.number(), section + " " + key.name() + " is set twice (first on line "
                        + first + ")");
            }
            settings.put(key.id(), new Config.Setting(listenerValue(key, e, file, section), file + ":" + e.number()));
        }
        return new Config.ListenerDef(raw.name(), protocol, file + ":" + raw.line(), settings);
    }

    /** Why {@code name} cannot be set in a listener section, with the likeliest fix. */
    private static String notForListener(ConfigSchema schema, String section, String protocol, String name) {
        return schema.notForListener(section, protocol, name);
    }

    private static Object listenerValue(ConfigKey<?> key, IniParser.Entry e, String file, String section)
            throws ConfigException {
        if (e.empty()) {
            throw ConfigException.at(file, e.number(),
                    section + " " + key.name() + ": no value (comment the line out to use the default)");
        }
        try {
            return key.parse(e.value());
        } catch (IllegalArgumentException bad) {
            throw ConfigException.at(file, e.number(), section + " " + key.name() + ": " + bad.getMessage());
        }
    }

    private static ConfigKey<?> known(ConfigSchema schema, String section, IniParser.Entry e, String file)
            throws ConfigException {
        Optional<ConfigKey<?>> key = schema.find(section, e.key());
        if (key.isPresent()) {
            return key.get();
        }
        throw ConfigException.at(file, e.number(), schema.whyUnknown(section, e.key()).orElseThrow());
    }

    private static Object value(ConfigKey<?> key, IniParser.Entry e, String file) throws ConfigException {
        if (e.empty()) {
            throw ConfigException.at(file, e.number(),
                    label(key) + ": no value (comment the line out to use the default)");
        }
        try {
            return key.parse(e.value());
        } catch (IllegalArgumentException bad) {
            throw ConfigException.at(file, e.number(), label(key) + ": " + bad.getMessage());
        }
    }

    static String label(ConfigKey<?> key) {
        return "[" + key.section() + "] " + key.name();
    }
}
