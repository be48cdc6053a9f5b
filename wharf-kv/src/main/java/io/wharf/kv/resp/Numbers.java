package io.wharf.kv.resp;

/**
 * Redis's number syntax ({@code string2ll} in util.c): an optional {@code -}, then digits with no leading zero
 * (but {@code 0} itself), nothing else (no {@code +}, no blanks), within a signed 64-bit range. Stateless.
 */
public final class Numbers {

    /** Returned for text that is not such a number (Long.MIN_VALUE itself is given by {@link #isLong}). */
    public static final long INVALID = Long.MIN_VALUE;
    private static final long LIMIT = Long.MIN_VALUE / 10;

    private Numbers() {
    }

    /** The value of {@code b[from, from+length)}, or {@link #INVALID} (also for Long.MIN_VALUE itself). */
    public static long parseLong(byte[] b, int from, int length) {
        if (length <= 0 || length > 20) {
            return INVALID;
        }
        if (length == 1 && b[from] == '0') {
            return 0;
        }
        int p = from;
        int end = from + length;
        boolean negative = false;
        if (b[p] == '-') {
            negative = true;
            p++;
            if (p == end) {
                return INVALID;
            }
        }
        if (b[p] < '1' || b[p] > '9') {
            return INVALID;
        }
        long v = 0;
        for (; p < end; p++) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                return INVALID;
            }
            // accumulate as a negative number, which reaches Long.MIN_VALUE (whose last digit is 8)
            if (v < LIMIT || v == LIMIT && d > 8) {
                return INVALID;
            }
            v = v * 10 - d;
        }
        if (negative) {
            return v;
        }
        return v == Long.MIN_VALUE ? INVALID : -v;
    }

    /** True when {@code b} is a valid number, including {@code -9223372036854775808}. */
    public static boolean isLong(byte[] b) {
        return parseLong(b, 0, b.length) != INVALID || isMin(b);
    }

    /** {@code b} as a long; only valid after {@link #isLong}. */
    public static long toLong(byte[] b) {
        return isMin(b) ? Long.MIN_VALUE : parseLong(b, 0, b.length);
    }

    private static boolean isMin(byte[] b) {
        return java.util.Arrays.equals(b, MIN);
    }

    /** {@code v} in decimal as ASCII bytes, in one array (what INCR stores). */
    public static byte[] bytes(long v) {
        if (v == Long.MIN_VALUE) {
            return MIN.clone();
        }
        int n = v < 0 ? 2 : 1;
        for (long rest = Math.abs(v); rest >= 10; rest /= 10) {
            n++;
        }
        byte[] out = new byte[n];
        long rest = Math.abs(v);
        for (int i = n - 1; i >= (v < 0 ? 1 : 0); i--) {
            out[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        if (v < 0) {
            out[0] = '-';
        }
        return out;
    }

    private static final byte[] MIN = Long.toString(Long.MIN_VALUE).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
}
