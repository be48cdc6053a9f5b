package io.wharf.http.codec;

import java.nio.ByteBuffer;

/**
 * RFC 3986 {@code host [":" port]}, as found in Host and in a CONNECT target. Strict on purpose: the server
 * picks a virtual host (and so a document root) from it, so nothing path-like ('/', '\', '@', spaces) passes.
 */
final class Authority {

    private Authority() {
    }

    /**
     * @param portRequired true for authority-form (CONNECT), where an empty host and a missing port are errors;
     *                     a Host field may be empty (RFC 9112 section 3.2)
     */
    static boolean valid(ByteBuffer b, int from, int to, boolean portRequired) {
        if (from == to) {
            return !portRequired;
        }
        int i = from;
        if (b.get(i) == '[') {
            i++;
            int start = i;
            while (i < to && b.get(i) != ']') {
                byte c = b.get(i);
                if (Ascii.hex(c) < 0 && c != ':' && c != '.') {
                    return false;
                }
                i++;
            }
            if (i == to || i == start) {
                return false;
            }
            i++;
        } else {
            int start = i;
            while (i < to && b.get(i) != ':') {
                byte c = b.get(i);
                if (c == '%') {
                    if (i + 2 >= to || Ascii.hex(b.get(i + 1)) < 0 || Ascii.hex(b.get(i + 2)) < 0) {
                        return false;
                    }
                    i += 2;
                } else if (!regNameChar(c)) {
                    return false;
                }
                i++;
            }
            if (i == start) {
                return false;
            }
        }
        if (i == to) {
            return !portRequired;
        }
        if (b.get(i) != ':' || to - i - 1 < 1 || to - i - 1 > 5) {
            return false;
        }
        for (int p = i + 1; p < to; p++) {
            if (!Ascii.digit(b.get(p))) {
                return false;
            }
        }
        return true;
    }

    /** unreserved / sub-delims, as in RFC 3986's reg-name. */
    private static boolean regNameChar(byte c) {
        return Ascii.alpha(c) || Ascii.digit(c) || "-._~!$&'()*+,;=".indexOf(c) >= 0;
    }
}
