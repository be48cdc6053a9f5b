package io.wharf.core.spi;

import io.wharf.core.config.ConfigKey;

import java.util.List;

/**
 * A command-line option a protocol contributes to {@code wharf serve}: a shorthand for one of its config keys
 * ({@code --root DIR} for {@code [http] document_root}). Immutable.
 *
 * @param names       the option's names, long first ({@code --root}, {@code -r})
 * @param paramLabel  what the value is ({@code DIR}); empty for a switch
 * @param description one line for the help
 * @param key         the config key it sets
 * @param switchValue for a switch (an option without a value), the value it sets; null for an option that
 *                    takes one
 */
public record ProtocolOption(List<String> names, String paramLabel, String description, ConfigKey<?> key,
                             String switchValue) {

    public ProtocolOption {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("an option needs a name");
        }
    }

    /** {@code --name VALUE}. */
    public static ProtocolOption value(ConfigKey<?> key, String paramLabel, String description, String... names) {
        return new ProtocolOption(List.of(names), paramLabel, description, key, null);
    }

    /** {@code --name}, setting {@code key} to {@code value}. */
    public static ProtocolOption flag(ConfigKey<?> key, String value, String description, String... names) {
        return new ProtocolOption(List.of(names), "", description, key, value);
    }

    public boolean isSwitch() {
        return switchValue != null;
    }
}
