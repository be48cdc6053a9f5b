package io.wharf.http.ops;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Formats {@link AccessRecord}s as Combined Log Format lines, the way nginx's {@code combined} does:
 * <pre>127.0.0.1 - alice [26/Nov/2026:06:41:02 +0000] "GET /a.html HTTP/1.1" 200 1234 "http://ref/" "curl/8.0"</pre>
 * Absent fields are {@code -}. In the user, request line, referer and user agent, {@code "}, {@code \},
 * control characters and every byte from 0x7F up are written as {@code \xHH} (nginx's {@code escape=default}),
 * so a client cannot forge a line or a field; the output is therefore plain ASCII.
 *
 * <p>Threading: not thread-safe (it caches the last formatted second); owned by the log's writer thread.
 */
final class AccessLogFormat {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final DateTimeFormatter timeFormat;
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedTime = "";

    AccessLogFormat(ZoneId zone) {
        this.timeFormat = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(zone);
    }

    /** The line without its line terminator. */
    String format(AccessRecord r) {
        StringBuilder sb = new StringBuilder(128 + r.requestLine().length() + r.userAgent().length());
        sb.append(r.client().isEmpty() ? "-" : r.client()).append(" - ");
        field(sb, r.user());
        sb.append(" [").append(time(r.time().getEpochSecond())).append("] \"");
        field(sb, r.requestLine());
        sb.append("\" ").append(r.status()).append(' ').append(r.bytesSent()).append(" \"");
        field(sb, r.referer());
        sb.append("\" \"");
        field(sb, r.userAgent());
        return sb.append('"').toString();
    }

    private String time(long epochSecond) {
        // Thousands of lines share a second under load: format it once.
        if (epochSecond != cachedSecond) {
            cachedTime = timeFormat.format(java.time.Instant.ofEpochSecond(epochSecond));
            cachedSecond = epochSecond;
        }
        return cachedTime;
    }

    private static void field(StringBuilder sb, String value) {
        if (value.isEmpty()) {
            sb.append('-');
        } else {
            escape(sb, value);
        }
    }

    /**
     * Chars up to 0xFF are taken as the wire bytes they stand for; anything above (a string that did not come
     * from the parser) is escaped byte by byte in UTF-8.
     */
    static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
                for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    hex(sb, b & 0xFF);
                }
                i = end - 1;
            } else if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7F) {
                hex(sb, c);
            } else {
                sb.append(c);
            }
        }
    }

    private static void hex(StringBuilder sb, int b) {
        sb.append('\\').append('x').append(HEX[b >> 4]).append(HEX[b & 0xF]);
    }
}
