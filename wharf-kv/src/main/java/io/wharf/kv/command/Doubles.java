package io.wharf.kv.command;

import java.nio.charset.StandardCharsets;

/**
 * C's {@code strtod} as glibc reads decimal text (leading blanks, a sign, digits with a point and an
 * exponent, {@code inf}, {@code infinity}, {@code nan}), and the two ways Redis uses it: {@link #string2d}
 * (scores, increments, weights: the whole text, no leading blank, no overflow, no underflow to zero, no NaN)
 * and {@link #range} (ZRANGEBYSCORE's bounds: any prefix that ends the text, overflow to infinity allowed).
 * Hexadecimal floats are not read. Stateless.
 */
final class Doubles {

    /** What {@link #strtod} read: the value, the index after it (the start if nothing), and if it over/underflowed. */
    record Parsed(double value, int end, boolean range) {
    }

    private Doubles() {
    }

    static Parsed strtod(byte[] b, int from) {
        int i = from;
        while (i < b.length && isSpace(b[i])) {
            i++;
        }
        int start = i;
        boolean negative = false;
        if (i < b.length && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        if (word(b, i, "infinity")) {
            return new Parsed(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, i + 8, false);
        }
        if (word(b, i, "inf")) {
            return new Parsed(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, i + 3, false);
        }
        if (word(b, i, "nan")) {
            return new Parsed(Double.NaN, i + 3, false);
        }
        if (i + 1 < b.length && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) {
            Parsed hex = hex(b, i + 2, negative);
            if (hex != null) {
                return hex;
            }
        }
        boolean nonZero = false;
        int digits = 0;
        while (i < b.length && isDigit(b[i])) {
            nonZero |= b[i] != '0';
            digits++;
            i++;
        }
        if (i < b.length && b[i] == '.') {
            i++;
            while (i < b.length && isDigit(b[i])) {
                nonZero |= b[i] != '0';
                digits++;
                i++;
            }
        }
        if (digits == 0) {
            return new Parsed(0, from, false);
        }
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            int j = i + 1;
            if (j < b.length && (b[j] == '+' || b[j] == '-')) {
                j++;
            }
            if (j < b.length && isDigit(b[j])) {
                while (j < b.length && isDigit(b[j])) {
                    j++;
                }
                i = j;
            }
        }
        String text = new String(b, start, i - start, StandardCharsets.US_ASCII);
        double v = Double.parseDouble(text);
        boolean range = Double.isInfinite(v) || v == 0 && nonZero;
        return new Parsed(v, i, range);
    }

    /** The hexadecimal form after {@code 0x}: hex digits with a point, then an optional binary exponent. */
    private static Parsed hex(byte[] b, int i, boolean negative) {
        StringBuilder m = new StringBuilder(negative ? "-0x" : "0x");
        int digits = 0;
        boolean nonZero = false;
        while (i < b.length && Character.digit(b[i], 16) >= 0) {
            nonZero |= b[i] != '0';
            m.append((char) b[i++]);
            digits++;
        }
        if (i < b.length && b[i] == '.') {
            m.append('.');
            i++;
            while (i < b.length && Character.digit(b[i], 16) >= 0) {
                nonZero |= b[i] != '0';
                m.append((char) b[i++]);
                digits++;
            }
        }
        if (digits == 0) {
            return null;
        }
        String exponent = "0";
        if (i < b.length && (b[i] == 'p' || b[i] == 'P')) {
            int j = i + 1;
            int signAt = j;
            if (j < b.length && (b[j] == '+' || b[j] == '-')) {
                j++;
            }
            if (j < b.length && isDigit(b[j])) {
                while (j < b.length && isDigit(b[j])) {
                    j++;
                }
                exponent = new String(b, signAt, j - signAt, StandardCharsets.US_ASCII);
                i = j;
            }
        }
        double v;
        try {
            v = Double.parseDouble(m + "p" + exponent);
        } catch (NumberFormatException e) {
            v = exponent.startsWith("-") ? 0.0 : Double.POSITIVE_INFINITY;
        }
        return new Parsed(v, i, Double.isInfinite(v) || v == 0 && nonZero);
    }

    /** Redis's {@code string2d}; null if the text is not a valid float. */
    static Double string2d(byte[] b) {
        if (b.length == 0 || isSpace(b[0])) {
            return null;
        }
        Parsed p = strtod(b, 0);
        if (p.end != b.length || p.range || Double.isNaN(p.value)) {
            return null;
        }
        return p.value;
    }

    /** {@code string2d} or Redis's error. */
    static double toDouble(byte[] b) {
        long n = plainInteger(b);
        if (n != NOT_PLAIN) {
            return n;
        }
        Double d = string2d(b);
        if (d == null) {
            throw new CommandError(CommandError.NOT_FLOAT);
        }
        return d;
    }

    private static final long NOT_PLAIN = Long.MIN_VALUE;

    /**
     * {@code b} as a long if it is digits with an optional leading {@code -}, at most 15 of them (so the double
     * is exact) and not a negative zero; else {@link #NOT_PLAIN}. Such a score (ZADD's usual) reads as
     * {@link #strtod} reads it, without its strings and boxes.
     */
    private static long plainInteger(byte[] b) {
        int i = b.length > 0 && b[0] == '-' ? 1 : 0;
        if (b.length == i || b.length - i > 15) {
            return NOT_PLAIN;
        }
        long v = 0;
        for (; i < b.length; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return NOT_PLAIN;
            }
            v = v * 10 + d;
        }
        if (b[0] == '-') {
            return v == 0 ? NOT_PLAIN : -v;
        }
        return v;
    }

    /**
     * One bound as {@code zslParseRange} reads it from {@code from}: the text up to its first NUL must be a
     * number (an empty one reads as 0); null otherwise, or for NaN.
     */
    static Double range(byte[] b, int from) {
        int end = from;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        Parsed p = strtod(java.util.Arrays.copyOfRange(b, from, end), 0);
        if (p.end != end - from || Double.isNaN(p.value)) {
            return null;
        }
        return p.value;
    }

    private static boolean word(byte[] b, int i, String w) {
        if (i + w.length() > b.length) {
            return false;
        }
        for (int k = 0; k < w.length(); k++) {
            if (Character.toLowerCase((char) b[i + k]) != w.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }
}
