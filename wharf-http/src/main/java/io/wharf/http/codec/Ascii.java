package io.wharf.http.codec;

import java.nio.ByteBuffer;

/** Character classes of RFC 9110/9112, as lookup tables over a byte's 256 values. */
final class Ascii {

    private static final boolean[] TCHAR = new boolean[256];
    private static final boolean[] FIELD_CHAR = new boolean[256];
    private static final boolean[] QDTEXT = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        // field-value: VCHAR, obs-text, SP and HTAB; every other control (CR, LF, NUL, DEL...) is refused
        for (int c = 0x21; c <= 0xFF; c++) {
            FIELD_CHAR[c] = c != 0x7F;
        }
        FIELD_CHAR[' '] = true;
        FIELD_CHAR['\t'] = true;
        System.arraycopy(FIELD_CHAR, 0, QDTEXT, 0, 256);
        QDTEXT['"'] = false;
        QDTEXT['\\'] = false;
    }

    private Ascii() {
    }

    static boolean tchar(int b) {
        return TCHAR[b & 0xFF];
    }

    /** A byte allowed inside a field value (OWS included). */
    static boolean fieldChar(int b) {
        return FIELD_CHAR[b & 0xFF];
    }

    /** qdtext of a quoted-string. */
    static boolean qdtext(int b) {
        return QDTEXT[b & 0xFF];
    }

    /** VCHAR: visible US-ASCII, the only bytes a request-target may hold. */
    static boolean vchar(int b) {
        return b > 0x20 && b < 0x7F;
    }

    static boolean ows(int b) {
        return b == ' ' || b == '\t';
    }

    static boolean digit(int b) {
        return b >= '0' && b <= '9';
    }

    static boolean alpha(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    /** The value of a hex digit, or -1. */
    static int hex(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** True when every byte of {@code b[from, to)} is a tchar and the range is not empty. */
    static boolean token(ByteBuffer b, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!TCHAR[b.get(i) & 0xFF]) {
                return false;
            }
        }
        return true;
    }

    /** The bytes {@code b[from, to)} as a String, one char per byte (ISO-8859-1). */
    static String string(ByteBuffer b, int from, int to) {
        byte[] bytes = new byte[to - from];
        b.get(from, bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Case-insensitive comparison of {@code b[from, to)} with a lower-case ASCII {@code lower}. */
    static boolean equalsLower(ByteBuffer b, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            int c = b.get(i);
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower.charAt(i - from)) {
                return false;
            }
        }
        return true;
    }
}
