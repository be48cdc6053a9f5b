package io.wharf.http.codec;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * HTTP dates (RFC 9110 section 5.6.7). Sends only IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT});
 * reads all three formats a recipient must accept: IMF-fixdate, the obsolete RFC 850 form
 * ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37 1994}).
 *
 * <p>Threading: thread-safe. {@link #now()} formats at most once per second; threads that race on a new
 * second may each format it, and one of their results wins, which is harmless.
 */
public final class HttpDate {

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] LONG_DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
        "Sunday"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private record Cached(long second, String text) {
    }

    private static volatile Cached cached = new Cached(Long.MIN_VALUE, "");

    private HttpDate() {
    }

    /** The current time as IMF-fixdate, for the Date header. */
    public static String now() {
        long second = System.currentTimeMillis() / 1000;
        Cached c = cached;
        if (c.second != second) {
            c = new Cached(second, format(second));
            cached = c;
        }
        return c.text;
    }

    public static String format(Instant instant) {
        return format(instant.getEpochSecond());
    }

    /** IMF-fixdate of a time in seconds since the epoch, which must fall in years 0 to 9999. */
    public static String format(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            throw new IllegalArgumentException("year out of range for an HTTP date: " + t.getYear());
        }
        StringBuilder sb = new StringBuilder(29);
        sb.append(DAYS[t.getDayOfWeek().ordinal()]).append(", ");
        two(sb, t.getDayOfMonth()).append(' ').append(MONTHS[t.getMonthValue() - 1]).append(' ');
        two(sb, t.getYear() / 100);
        two(sb, t.getYear() % 100).append(' ');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond()).append(" GMT");
        return sb.toString();
    }

    /** Parses any of the three formats; empty for anything else, which RFC 9110 says to ignore. */
    public static Optional<Instant> parse(String text) {
        return parse(text, Clock.systemUTC());
    }

    /** As {@link #parse(String)}, with the clock that places an RFC 850 two-digit year. */
    static Optional<Instant> parse(String s, Clock clock) {
        try {
            int comma = s.indexOf(',');
            if (comma == 3 && s.length() == 29) {
                return imfFixdate(s);
            }
            if (comma > 3) {
                return rfc850(s, comma, clock);
            }
            if (s.length() == 24) {
                return asctime(s);
            }
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** {@code Sun, 06 Nov 1994 08:49:37 GMT} */
    private static Optional<Instant> imfFixdate(String s) {
        if (index(DAYS, s.substring(0, 3)) < 0 || !s.startsWith(" ", 4) || s.charAt(7) != ' '
                || s.charAt(11) != ' ' || s.charAt(16) != ' ' || !s.endsWith(" GMT")) {
            return Optional.empty();
        }
        return instant(digits(s, 12, 4), index(MONTHS, s.substring(8, 11)), digits(s, 5, 2), s, 17);
    }

    /** {@code Sunday, 06-Nov-94 08:49:37 GMT} */
    private static Optional<Instant> rfc850(String s, int comma, Clock clock) {
        int d = comma + 2;
        if (index(LONG_DAYS, s.substring(0, comma)) < 0 || s.length() != d + 22 || s.charAt(comma + 1) != ' '
                || s.charAt(d + 2) != '-' || s.charAt(d + 6) != '-' || s.charAt(d + 9) != ' '
                || !s.endsWith(" GMT")) {
            return Optional.empty();
        }
        // RFC 9110: a two-digit year more than 50 years ahead is the most recent past year with those digits
        int thisYear = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).getYear();
        int year = thisYear / 100 * 100 + digits(s, d + 7, 2);
        if (year > thisYear + 50) {
            year -= 100;
        }
        return instant(year, index(MONTHS, s.substring(d + 3, d + 6)), digits(s, d, 2), s, d + 10);
    }

    /** {@code Sun Nov  6 08:49:37 1994} (the day padded with a space, or two digits) */
    private static Optional<Instant> asctime(String s) {
        if (index(DAYS, s.substring(0, 3)) < 0 || s.charAt(3) != ' ' || s.charAt(7) != ' ' || s.charAt(10) != ' '
                || s.charAt(19) != ' ') {
            return Optional.empty();
        }
        int day = s.charAt(8) == ' ' ? digits(s, 9, 1) : digits(s, 8, 2);
        return instant(digits(s, 20, 4), index(MONTHS, s.substring(4, 7)), day, s, 11);
    }

    /** Builds the instant from a date and the {@code HH:MM:SS} at {@code time}; a leap second counts as :59. */
    private static Optional<Instant> instant(int year, int month, int day, String s, int time) {
        if (month < 0 || s.charAt(time + 2) != ':' || s.charAt(time + 5) != ':') {
            return Optional.empty();
        }
        int second = Math.min(59, digits(s, time + 6, 2));
        LocalDateTime t = LocalDateTime.of(year, month + 1, day, digits(s, time, 2), digits(s, time + 3, 2), second);
        return Optional.of(t.toInstant(ZoneOffset.UTC));
    }

    /** Exactly {@code n} ASCII digits at {@code from}; NumberFormatException otherwise. */
    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(s);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int index(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
}
