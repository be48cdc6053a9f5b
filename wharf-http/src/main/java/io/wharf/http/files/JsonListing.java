package io.wharf.http.files;

import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A directory listing as JSON:
 * {@code [{"name":"a.txt","type":"file","size":3,"modified":"2024-01-01T12:00:00Z"}]}, dates in ISO-8601
 * UTC to the second. Escaping is done here (RFC 8259), with {@code <}, {@code >} and {@code &} escaped too
 * so the text is also safe inside HTML.
 *
 * <p>Threading: stateless and thread-safe.
 */
public final class JsonListing {

    public static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonListing() {
    }

    public static String render(List<DirectoryListing.Entry> entries) {
        StringBuilder sb = new StringBuilder(2 + entries.size() * 96);
        sb.append('[');
        for (int i = 0; i < entries.size(); i++) {
            DirectoryListing.Entry e = entries.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"name\":");
            quote(e.name(), sb);
            sb.append(",\"type\":\"").append(e.directory() ? "dir" : "file")
                    .append("\",\"size\":").append(e.size())
                    .append(",\"modified\":\"").append(e.modified().truncatedTo(ChronoUnit.SECONDS)).append("\"}");
        }
        return sb.append(']').toString();
    }

    /** Appends {@code s} as a JSON string literal. */
    static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029
                            || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        sb.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** A surrogate that is half of a proper pair; a lone one would not survive UTF-8 encoding. */
    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
