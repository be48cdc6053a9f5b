package io.wharf.core.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsers and formatters behind {@link ConfigKey}'s factories. Every parser throws
 * {@link IllegalArgumentException} with a message that quotes the raw value, so the caller only has to
 * prefix where it came from. Every formatter's output parses back to the same value.
 */
final class ValueTypes {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([kmgt])(?:i?b)?|b)?", Pattern.CASE_INSENSITIVE);
    private static final String DURATION_HINT = "use e.g. 500ms, 30s, 5m, 1h; 0 or off disables";
    private static final long KIB = 1024;

    private ValueTypes() {
    }

    static Function<String, Integer> integer(int min, int max) {
        return raw -> {
            String s = raw.trim();
            if (!INTEGER.matcher(s).matches()) {
                throw new IllegalArgumentException(quote(raw) + " is not a number");
            }
            long value;
            try {
                value = Long.parseLong(s);
            } catch (NumberFormatException tooManyDigits) {
                throw new IllegalArgumentException(outOfRange(raw, min, max, Integer.MIN_VALUE, Integer.MAX_VALUE));
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(outOfRange(raw, min, max, Integer.MIN_VALUE, Integer.MAX_VALUE));
            }
            return (int) value;
        };
    }

    static Boolean bool(String raw) {
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException(quote(raw) + " is not a boolean (use true or false)");
        };
    }

    static Duration duration(String raw) {
        String s = raw.trim();
        if (s.equalsIgnoreCase("off")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(quote(raw) + " is not a duration (" + DURATION_HINT + ")");
        }
        try {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
            Duration d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            d.toNanos(); // timers count in nanos: past ~292 years they would overflow
            return d;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(quote(raw) + " is too long a duration");
        }
    }

    static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    static Function<String, Long> size(long min, long max) {
        return raw -> {
            Matcher m = SIZE.matcher(raw.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException(quote(raw)
                        + " is not a size (use bytes, or e.g. 64k, 1m, 1g: binary units, 1k = 1024)");
            }
            long value;
            try {
                value = Long.parseLong(m.group(1));
                int shift = m.group(2) == null ? 0 : "kmgt".indexOf(Character.toLowerCase(m.group(2).charAt(0))) + 1;
                for (int i = 0; i < shift; i++) {
                    value = Math.multiplyExact(value, KIB);
                }
            } catch (ArithmeticException | NumberFormatException overflow) {
                throw new IllegalArgumentException(max == Long.MAX_VALUE ? quote(raw) + " is too large"
                        : outOfRange(raw, min, max, 0, Long.MAX_VALUE) + " bytes");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(outOfRange(raw, min, max, 0, Long.MAX_VALUE) + " bytes");
            }
            return value;
        };
    }

    static String formatSize(long bytes) {
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (10 * (units.length - i));
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return Long.toString(bytes);
    }

    static String string(String raw) {
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("an empty value is not allowed");
        }
        return raw;
    }

    static Path path(String raw) {
        String s = raw.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("an empty path is not allowed");
        }
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(quote(raw) + " is not a valid path: " + e.getReason());
        }
    }

    static Function<String, String> oneOf(List<String> allowed) {
        return raw -> {
            String s = raw.trim().toLowerCase(Locale.ROOT);
            if (!allowed.contains(s)) {
                throw new IllegalArgumentException(quote(raw) + " is not one of " + String.join(", ", allowed));
            }
            return s;
        };
    }

    static String quote(String raw) {
        return "'" + raw + "'";
    }

    private static String outOfRange(String raw, long min, long max, long floor, long ceiling) {
        if (max == ceiling && min != floor) {
            return quote(raw) + " must be at least " + min;
        }
        if (min == floor && max != ceiling) {
            return quote(raw) + " must be at most " + max;
        }
        return quote(raw) + " is out of range " + min + "-" + max;
    }
}
