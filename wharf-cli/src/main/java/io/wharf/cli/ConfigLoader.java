package io.wharf.cli;

import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigException;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.config.ConfigSchema;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads the config the same way at start-up and on every SIGHUP reload: the file (if any), then the
 * command-line overrides on top, so a reload never loses a flag the user gave.
 */
final class ConfigLoader {

    /** One command-line override: {@code flag} is how the user wrote it, for error messages. */
    record Override(ConfigKey<?> key, String value, String flag) {

        /** Parses {@code --set section.key=value}. */
        static Override parse(ConfigSchema schema, String setting) {
            int eq = setting.indexOf('=');
            int dot = setting.indexOf('.');
            if (eq < 0 || dot < 0 || dot > eq) {
                throw new UserError("--set " + setting + ": expected SECTION.KEY=VALUE, e.g. server.port=9000");
            }
            String section = setting.substring(0, dot).trim();
            String name = setting.substring(dot + 1, eq).trim();
            ConfigKey<?> key = schema.find(section, name).orElseThrow(() -> new UserError(
                    "--set " + setting + ": unknown key '" + name + "' in [" + section + "]"));
            return new Override(key, setting.substring(eq + 1).trim(), "--set " + section + "." + name);
        }
    }

    private final ConfigSchema schema;
    private final Path file;
    private final List<Override> overrides;

    ConfigLoader(ConfigSchema schema, Path file, List<Override> overrides) {
        this.schema = schema;
        this.file = file;
        this.overrides = List.copyOf(overrides);
    }

    Config load() throws ConfigException {
        Config config = file == null ? Config.defaults(schema) : Config.load(file, schema);
        for (Override o : overrides) {
            config = config.override(o.key(), o.value(), o.flag());
        }
        return config;
    }

    boolean hasFile() {
        return file != null;
    }

    Path file() {
        return file;
    }
}
