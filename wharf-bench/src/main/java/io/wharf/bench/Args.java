package io.wharf.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the bench tools: {@code --name value} or {@code --name=value}, each name from a known
 * set, plus the flag {@code --help}. Typed accessors fail with an {@link IllegalArgumentException} whose message
 * names the option, so a typo costs one clear line rather than a stack trace. Shared by the echo and HTTP benches.
 */
public final class Args {

    private final Map<String, String> values;
    private final boolean help;

    private Args(Map<String, String> values, boolean help) {
        this.values = values;
        this.help = help;
    }

    public static Args parse(String[] argv, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (options look like --name value)");
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException("option --" + name + " needs a value");
                }
                value = argv[++i];
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + " (known: --" + String.join(", --", known) + ")");
            }
            values.put(name, value);
        }
        return new Args(values, help);
    }

    public boolean help() {
        return help;
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int positiveInt(String name, int fallback) {
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException("--" + name + " wants a positive whole number, got '" + raw + "'");
    }

    public Duration duration(String name, Duration fallback) {
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            return parseDuration(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + ": " + e.getMessage());
        }
    }

    public List<String> list(String name, List<String> fallback) {
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        List<String> items = new ArrayList<>();
        Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("--" + name + " wants a comma-separated list, got '" + raw + "'");
        }
        return items;
    }

    /** {@code 10} or {@code 10s} (seconds), {@code 500ms}, {@code 2m}; must be positive. */
    public static Duration parseDuration(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        long unitMillis;
        String digits;
        if (s.endsWith("ms")) {
            unitMillis = 1;
            digits = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            unitMillis = 1000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            unitMillis = 60_000;
            digits = s.substring(0, s.length() - 1);
        } else {
            unitMillis = 1000;
            digits = s;
        }
        try {
            long amount = Long.parseLong(digits);
            if (amount > 0) {
                return Duration.ofMillis(Math.multiplyExact(amount, unitMillis));
            }
        } catch (NumberFormatException | ArithmeticException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("want a positive duration like 10s, 500ms or 2m, got '" + raw + "'");
    }
}
