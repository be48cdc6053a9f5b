package io.wharf.http.codec;

import java.nio.ByteBuffer;

/** Hands out shared Strings for the common methods, so the usual GET costs no allocation. */
final class Methods {

    private static final String[] COMMON = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT",
        "TRACE"};

    private Methods() {
    }

    /** The method in {@code line[0, end)}, already checked to be a token. Case-sensitive, as RFC 9110 says. */
    static String of(ByteBuffer line, int end) {
        for (String m : COMMON) {
            if (matches(line, end, m)) {
                return m;
            }
        }
        return Ascii.string(line, 0, end);
    }

    private static boolean matches(ByteBuffer line, int end, String m) {
        if (end != m.length()) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            if (line.get(i) != m.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
