package io.wharf.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One setting of {@code server.conf}: {@code [section] name}, its type, its default and whether a reload
 * (SIGHUP) can change it without a restart. Keys are equal when their {@link #id()}s are: a
 * {@link ConfigSchema} holds at most one key per id.
 *
 * <p>Immutable and thread-safe, provided a parser given to {@link #of} is.
 *
 * @param <T> the value type
 */
public final class ConfigKey<T> {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z0-9_]+");

    private final String section;
    private final String name;
    private final T defaultValue;
    private final boolean live;
    private final String help;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;

    private ConfigKey(String section, String name, T defaultValue, boolean live, String help,
                      Function<String, T> parser, Function<T, String> formatter) {
        this.section = identifier(section, "section");
        this.name = identifier(name, "name");
        this.defaultValue = defaultValue;
        this.live = live;
        this.help = Objects.requireNonNull(help, "help");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.formatter = formatter;
    }

    /** An {@code int} within {@code min..max} (use {@link Integer#MAX_VALUE} for "no upper bound"). */
    public static ConfigKey<Integer> integer(String section, String name, Integer defaultValue, int min, int max,
                                             boolean live, String help) {
        if (min > max || defaultValue != null && (defaultValue < min || defaultValue > max)) {
            throw new IllegalArgumentException("bad range or default for " + section + "." + name);
        }
        return new ConfigKey<>(section, name, defaultValue, live, help, ValueTypes.integer(min, max), Object::toString);
    }

    /** {@code true/false}; also {@code yes/no}, {@code on/off} and {@code 1/0}. */
    public static ConfigKey<Boolean> bool(String section, String name, Boolean defaultValue, boolean live,
                                          String help) {
        return new ConfigKey<>(section, name, defaultValue, live, help, ValueTypes::bool, Object::toString);
    }

    /**
     * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}; a bare number is seconds.
     * {@code 0} or {@code off} give {@link Duration#ZERO}, which by convention means "disabled".
     */
    public static ConfigKey<Duration> duration(String section, String name, Duration defaultValue, boolean live,
                                               String help) {
        if (defaultValue != null && defaultValue.isNegative()) {
            throw new IllegalArgumentException("negative default for " + section + "." + name);
        }
        return new ConfigKey<>(section, name, defaultValue, live, help, ValueTypes::duration,
                ValueTypes::formatDuration);
    }

    /** A byte count: {@code 1048576}, {@code 64k}/{@code 64KiB}, {@code 1m}/{@code 1MiB}, {@code 1g}. Binary units. */
    public static ConfigKey<Long> size(String section, String name, Long defaultValue, boolean live, String help) {
        return size(section, name, defaultValue, 0, Long.MAX_VALUE, live, help);
    }

    /** A byte count within {@code min..max}. */
    public static ConfigKey<Long> size(String section, String name, Long defaultValue, long min, long max,
                                       boolean live, String help) {
        if (min < 0 || min > max || defaultValue != null && (defaultValue < min || defaultValue > max)) {
            throw new IllegalArgumentException("bad range or default for " + section + "." + name);
        }
        return new ConfigKey<>(section, name, defaultValue, live, help, ValueTypes.size(min, max),
                ValueTypes::formatSize);
    }

    /** Any non-empty text, taken as written (quotes in the file keep surrounding spaces). */
    public static ConfigKey<String> string(String section, String name, String defaultValue, boolean live,
                                           String help) {
        return new ConfigKey<>(section, name, defaultValue, live, help, ValueTypes::string, Function.identity());
    }

    /** A file system path, relative to the working directory unless absolute. */
    public static ConfigKey<Path> path(String section, String name, Path defaultValue, boolean live, String help) {
        return new ConfigKey<>(section, name, defaultValue, live, help, ValueTypes::path, Path::toString);
    }

    /** One of {@code allowed}, matched ignoring case; the value is the lower-case spelling. */
    public static ConfigKey<String> oneOf(String section, String name, String defaultValue, boolean live,
                                          String help, String... allowed) {
        List<String> canonical = Arrays.stream(allowed).map(a -> a.trim().toLowerCase(Locale.ROOT)).toList();
        if (canonical.isEmpty()) {
            throw new IllegalArgumentException("no allowed values for " + section + "." + name);
        }
        Function<String, String> parser = ValueTypes.oneOf(canonical);
        String value = defaultValue == null ? null : parser.apply(defaultValue);
        return new ConfigKey<>(section, name, value, live, help, parser, Function.identity());
    }

    /**
     * Any type. {@code parser} should throw {@link IllegalArgumentException} with a message quoting the
     * raw value, like {@code "'abc' is not a number"}; other exceptions and {@code null} results are
     * reported as an invalid value.
     */
    public static <T> ConfigKey<T> of(String section, String name, T defaultValue, boolean live, String help,
                                      Function<String, T> parser) {
        return new ConfigKey<>(section, name, defaultValue, live, help, parser, Object::toString);
    }

    public String section() {
        return section;
    }

    public String name() {
        return name;
    }

    /** {@code section.name}, e.g. {@code server.port}. */
    public String id() {
        return section + "." + name;
    }

    /** The value when nothing sets the key; {@code null} means unset (the caller decides). */
    public T defaultValue() {
        return defaultValue;
    }

    /** True when a running server picks up a new value on reload; false when it needs a restart. */
    public boolean live() {
        return live;
    }

    public String help() {
        return help;
    }

    /**
     * Parses a raw value, as written in the file or on the command line.
     *
     * @throws IllegalArgumentException with a one-line message quoting the value, e.g.
     *                                  {@code '70000' is out of range 1-65535}
     */
    public T parse(String raw) {
        Objects.requireNonNull(raw, "raw");
        T value;
        try {
            value = parser.apply(raw);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(ValueTypes.quote(raw) + " is not valid: " + e.getMessage(), e);
        }
        if (value == null) {
            throw new IllegalArgumentException(ValueTypes.quote(raw) + " is not valid");
        }
        return value;
    }

    /** The value as it would be written in the file ({@code 30s}, {@code 1MiB}); {@code unset} for null. */
    public String format(T value) {
        return value == null ? "unset" : formatter.apply(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigKey<?> k && section.equals(k.section) && name.equals(k.name);
    }

    @Override
    public int hashCode() {
        return id().hashCode();
    }

    @Override
    public String toString() {
        return id();
    }

    private static String identifier(String s, String what) {
        String v = Objects.requireNonNull(s, what).trim().toLowerCase(Locale.ROOT);
        if (!IDENTIFIER.matcher(v).matches()) {
            throw new IllegalArgumentException("bad config key " + what + ": '" + s + "'");
        }
        return v;
    }
}
