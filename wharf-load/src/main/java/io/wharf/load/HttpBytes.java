package io.wharf.load;

/**
 * The byte classes an HTTP response head is checked against (RFC 9110): digits, hex, tokens, controls.
 * Stateless; any thread.
 */
final class HttpBytes {

    private HttpBytes() {
    }

    static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    static int hex(byte b) {
        if (digit(b)) {
            return b - '0';
        }
        int l = lower(b);
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }

    static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    static boolean control(byte b) {
        return (b >= 0 && b < 0x20) || b == 0x7f;
    }

    /** RFC 9110 token characters, looked up per header-name byte: a table, not a scan. */
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            TCHAR[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c < 128 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
        }
    }

    static boolean tchar(byte b) {
        return TCHAR[b & 0xFF];
    }
}
