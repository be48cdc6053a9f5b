package io.wharf.core.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks parsed lines against a schema and turns them into typed settings. Stops at the first error, with
 * a message naming file, line and key. Stateless.
 */
final class ConfigLoader {

    private ConfigLoader() {
    }

    /** Settings by key id, in file order. */
    static Map<String, Config.Setting> load(ConfigSchema schema, String file, List<IniParser.Line> lines)
            throws ConfigException {
        Map<String, Config.Setting> settings = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        String section = null;
        for (IniParser.Line line : lines) {
            switch (line) {
                case IniParser.Section s -> {
                    if (!schema.sections().contains(s.name())) {
                        throw ConfigException.at(file, s.number(), "unknown section [" + s.name() + "]"
                                + Spelling.closest(s.name(), schema.sections()).map(c -> " (did you mean [" + c + "]?)")
                                .orElse(""));
                    }
                    section = s.name();
                }
                case IniParser.Entry e -> {
                    if (section == null) {
                        throw ConfigException.at(file, e.number(),
                                "'" + e.key() + "' is set before any [section]: add a [section] line above it");
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
        return settings;
    }

    private static ConfigKey<?> known(ConfigSchema schema, String section, IniParser.Entry e, String file)
            throws ConfigException {
        Optional<ConfigKey<?>> key = schema.find(section, e.key());
        if (key.isPresent()) {
            return key.get();
        }
        List<String> names = schema.keysIn(section).stream().map(ConfigKey::name).toList();
        String hint = Spelling.closest(e.key(), names).map(n -> " (did you mean '" + n + "'?)")
                .or(() -> schema.keys().stream().filter(k -> k.name().equals(e.key())).findFirst()
                        .map(k -> " (did you mean [" + k.section() + "] " + k.name() + "?)"))
                .orElse("");
        throw ConfigException.at(file, e.number(), "unknown key '" + e.key() + "' in [" + section + "]" + hint);
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
