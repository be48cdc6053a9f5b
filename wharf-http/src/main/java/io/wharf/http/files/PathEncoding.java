package io.wharf.http.files;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of one path segment for URLs wharf writes (Location headers, listing links). */
public final class PathEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathEncoding() {
    }

    /**
     * Encodes every byte of the UTF-8 form except the RFC 3986 unreserved characters, so the result is safe
     * as a relative reference (a {@code :} cannot be read as a scheme) and inside an HTML attribute.
     */
    public static String encodeSegment(String segment) {
        byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (isUnreserved(c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
