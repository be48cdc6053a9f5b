package io.wharf.kv.command;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * INCRBYFLOAT's arithmetic as Redis does it on x86-64: in C's {@code long double} (80-bit extended, a 64-bit
 * mantissa), parsed with {@code strtold} and printed with {@code %.17Lf} less trailing zeros. Java has no such
 * type, so values are held exactly as {@link BigDecimal}s and rounded to a 64-bit mantissa (ties to even)
 * after parsing and after adding, which is what the FPU does; the result then prints digit for digit as
 * Redis prints it ({@code INCRBYFLOAT} of {@code 10.5} by {@code 0.1} gives {@code 10.6}, not the double's
 * {@code 10.59999999999999964}). Stateless.
 */
final class LongDouble {

    /** Largest decimal exponent accepted; beyond it {@code strtold} overflows or underflows (ERANGE). */
    private static final int MAX_EXPONENT = 4900;
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63);

    private LongDouble() {
    }

    /** A parsed value: a finite number, or an infinity. */
    record Value(BigDecimal finite, int infinity) {
        boolean isInfinite() {
            return infinity != 0;
        }
    }

    /** {@code getLongDoubleFromObject}: null when Redis says "value is not a valid float". */
    static Value parse(byte[] text) {
        if (text.length == 0 || isSpace(text[0])) {
            return null;
        }
        String s = new String(text, StandardCharsets.ISO_8859_1);
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        int sign = s.startsWith("-") ? -1 : 1;
        if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
            return new Value(null, sign);
        }
        if (!body.matches("(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            return null;
        }
        BigDecimal v;
        try {
            v = new BigDecimal(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
        if (v.signum() != 0 && Math.abs(v.precision() - v.scale()) > MAX_EXPONENT) {
            return null;
        }
        return new Value(round(v), 0);
    }

    /** {@code a + b} rounded as the FPU rounds; null when it is infinite (or NaN). */
    static BigDecimal add(BigDecimal a, BigDecimal b) {
        return round(a.add(b));
    }

    /** {@code %.17Lf}, then trailing zeros and a trailing point removed, {@code -0} shown as {@code 0}. */
    static String format(BigDecimal v) {
        String s = v.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        s = s.substring(0, end);
        return s.equals("-0") ? "0" : s;
    }

    /** {@code v} rounded to the nearest value with a 64-bit binary mantissa, ties to even. */
    static BigDecimal round(BigDecimal v) {
        if (v.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal abs = v.abs();
        // estimate the binary exponent e so that 2^63 <= abs / 2^e < 2^64
        int e = (int) Math.floor((abs.precision() - abs.scale()) * 3.321928094887362) - 64;
        BigInteger m;
        for (;;) {
            BigDecimal scaled = e >= 0 ? abs.divide(new BigDecimal(BigInteger.ONE.shiftLeft(e)))
                    : abs.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(-e)));
            BigInteger whole = scaled.toBigInteger();
            if (whole.compareTo(TWO_63) < 0) {
                e--;
                continue;
            }
            if (whole.compareTo(TWO_64) >= 0) {
                e++;
                continue;
            }
            m = scaled.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
            break;
        }
        BigDecimal r = new BigDecimal(m);
        r = e >= 0 ? r.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(e)))
                : r.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-e)), MathContext.UNLIMITED);
        return v.signum() < 0 ? r.negate() : r;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0B || b == '\f' || b == '\r';
    }
}
