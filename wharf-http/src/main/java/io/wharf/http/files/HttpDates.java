package io.wharf.http.files;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, obsolete RFC 850 and asctime forms, parsed by hand because
 * {@link DateTimeFormatter#RFC_1123_DATE_TIME} is both laxer and stricter than HTTP. Package-private: the
 * codec package has the server-wide HttpDate; this one serves the conditional-request code here.
 *
 * <p>Threading: stateless and thread-safe.
 */
final class HttpDates {

    private static final List<String> MONTHS =
            List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");
    private static final List<String> DAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");
    private static final List<String> LONG_DAYS =
            List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    /** IMF-fixdate, as wharf sends it: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    static Optional<Instant> parse(String value) {
        return parse(value, Instant.now());
    }

    /**
     * Parses any of the three forms; empty when the value is none of them. {@code now} places an RFC 850
     * two-digit year: more than 50 years ahead of now means the previous century.
     */
    static Optional<Instant> parse(String value, Instant now) {
        String s = value.trim();
        try {
            if (s.length() == 29 && s.charAt(3) == ',') {
                return imfFixdate(s);
            }
            int comma = s.indexOf(',');
            if (comma > 0) {
                return rfc850(s, comma, now);
            }
            return asctime(s);
        } catch (DateTimeException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    // Sun, 06 Nov 1994 08:49:37 GMT
    private static Optional<Instant> imfFixdate(String s) {
        if (!DAYS.contains(s.substring(0, 3)) || !s.startsWith(" ", 4) || s.charAt(7) != ' '
                || s.charAt(11) != ' ' || s.charAt(16) != ' ' || !s.endsWith(" GMT")) {
            return Optional.empty();
        }
        return at(number(s, 12, 4), month(s.substring(8, 11)), number(s, 5, 2), s, 17);
    }

    // Sunday, 06-Nov-94 08:49:37 GMT
    private static Optional<Instant> rfc850(String s, int comma, Instant now) {
        int d = comma + 2;
        if (!LONG_DAYS.contains(s.substring(0, comma)) || s.charAt(comma + 1) != ' ' || s.length() != d + 22
                || s.charAt(d + 2) != '-' || s.charAt(d + 6) != '-' || s.charAt(d + 9) != ' '
                || !s.endsWith(" GMT")) {
            return Optional.empty();
        }
        int twoDigits = number(s, d + 7, 2);
        int nowYear = now.atOffset(ZoneOffset.UTC).getYear();
        int year = nowYear / 100 * 100 + twoDigits;
        if (year > nowYear + 50) {
            year -= 100;
        }
        return at(year, month(s.substring(d + 3, d + 6)), number(s, d, 2), s, d + 10);
    }

    // Sun Nov  6 08:49:37 1994
    private static Optional<Instant> asctime(String s) {
        if (s.length() != 24 || !DAYS.contains(s.substring(0, 3)) || s.charAt(3) != ' ' || s.charAt(7) != ' '
                || s.charAt(10) != ' ' || s.charAt(19) != ' ') {
            return Optional.empty();
        }
        String day = s.substring(8, 10);
        int dayOfMonth = day.charAt(0) == ' ' ? number(day, 1, 1) : number(day, 0, 2);
        return at(number(s, 20, 4), month(s.substring(4, 7)), dayOfMonth, s, 11);
    }

    /** Builds the instant; {@code time} is where {@code HH:mm:ss} starts. */
    private static Optional<Instant> at(int year, int month, int day, String s, int time) {
        if (year < 0 || month < 0 || day < 0 || s.charAt(time + 2) != ':' || s.charAt(time + 5) != ':') {
            return Optional.empty();
        }
        int h = number(s, time, 2);
        int m = number(s, time + 3, 2);
        int sec = number(s, time + 6, 2);
        if (h < 0 || m < 0 || sec < 0) {
            return Optional.empty();
        }
        // Leap second 60 is allowed by the grammar; fold it onto 59.
        return Optional.of(LocalDateTime.of(year, month, day, h, m, Math.min(sec, 59)).toInstant(ZoneOffset.UTC));
    }

    private static int month(String name) {
        int i = MONTHS.indexOf(name);
        return i < 0 ? -1 : i + 1;
    }

    /** The non-negative decimal in {@code s[from, from + len)}, or -1 when any char is not a digit. */
    private static int number(String s, int from, int len) {
        int n = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
