package io.wharf.kv.command;

import java.nio.charset.StandardCharsets;

/** Text helpers that reproduce how Redis's C code prints bytes. Stateless. */
final class Strings {

    private Strings() {
    }

    /**
     * {@code b} as C's {@code %.<max>s} prints it: up to the first NUL and at most {@code max} bytes, as
     * Latin-1 characters so that each byte comes back out as itself when the reply is encoded.
     */
    static String cString(byte[] b, int max) {
        int n = 0;
        while (n < b.length && n < max && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    static boolean is(byte[] arg, String word) {
        if (arg.length != word.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int c = arg[i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != Character.toLowerCase(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
