package io.wharf.kv.resp;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes replies in RESP2 or RESP3 ({@link #protocol}), as Redis's {@code addReply*} functions do
 * (networking.c), into a growable buffer that the handler sends in one write. Aggregates are written as a
 * header and then their elements: {@link #map} is {@code %n} in RESP3 and a flat array of 2n in RESP2,
 * {@link #set} {@code ~n} or {@code *n}, {@link #nullBulk} {@code _} or {@code $-1}, {@link #nullArray}
 * {@code _} or {@code *-1}, {@link #bool} {@code #t} or {@code :1}, {@link #doubleReply} {@code ,d} or a bulk
 * string, {@link #verbatim} {@code =n\r\ntxt:...} or a bulk string.
 *
 * <p>Error texts get their {@code \r} and {@code \n} replaced by spaces, as Redis does, so no text can break
 * the protocol. Threading: not thread-safe; one per connection.
 */
public final class Reply {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf = new byte[4096];
    private int size;
    private int protocol = 2;
    private long errors;
    private String lastErrorCode;
    private java.util.function.Consumer<String> errorListener = code -> {
    };

    public int protocol() {
        return protocol;
    }

    public void protocol(int version) {
        this.protocol = version;
    }

    public boolean resp3() {
        return protocol == 3;
    }

    /** Bytes waiting to be sent. */
    public int size() {
        return size;
    }

    /** Drops what was written after the buffer held {@code size} bytes (CLIENT REPLY OFF and SKIP). */
    public void truncate(int size) {
        if (size < this.size) {
            this.size = size;
        }
    }

    /** The pending bytes (a copy), emptying the buffer. */
    public ByteBuffer take() {
        ByteBuffer out = ByteBuffer.wrap(Arrays.copyOf(buf, size));
        size = 0;
        if (buf.length > 1 << 20) {
            buf = new byte[4096];
        }
        return out;
    }

    public Reply ok() {
        return raw(OK);
    }

    public Reply simple(String text) {
        return put('+').ascii(text).raw(CRLF);
    }

    /**
     * An error reply; {@code text} starts with its code ({@code ERR syntax error}, {@code WRONGTYPE ...}) and
     * holds bytes as Latin-1 characters (client bytes quoted in an error come back unchanged).
     */
    public Reply error(String text) {
        errors++;
        int space = text.indexOf(' ');
        lastErrorCode = space < 0 ? text : text.substring(0, space);
        errorListener.accept(lastErrorCode);
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\r' || b[i] == '\n') {
                b[i] = ' ';
            }
        }
        return put('-').raw(b).raw(CRLF);
    }

    /** Error replies written so far. */
    public long errors() {
        return errors;
    }

    /** The code ({@code ERR}, {@code WRONGTYPE}, ...) of the last error reply; null before the first. */
    public String lastErrorCode() {
        return lastErrorCode;
    }

    /** Told the code ({@code ERR}, {@code WRONGTYPE}, ...) of every error reply (INFO's errorstats). */
    public void errorListener(java.util.function.Consumer<String> listener) {
        this.errorListener = listener;
    }

    /** {@code ERR } and {@code text}. */
    public Reply err(String text) {
        return error("ERR " + text);
    }

    public Reply integer(long value) {
        return put(':').decimal(value).raw(CRLF);
    }

    public Reply bulk(byte[] value) {
        return bulk(value, 0, value.length);
    }

    public Reply bulk(byte[] value, int from, int length) {
        put('$').decimal(length).raw(CRLF);
        ensure(length + 2);
        System.arraycopy(value, from, buf, size, length);
        size += length;
        return raw(CRLF);
    }

    public Reply bulk(String value) {
        return bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    public Reply bulk(long value) {
        int length = value == Long.MIN_VALUE ? 20 : value < 0 ? 1 + digits(-value) : digits(value);
        return put('$').decimal(length).raw(CRLF).decimal(value).raw(CRLF);
    }

    public Reply nullBulk() {
        return raw(resp3() ? "_\r\n" : "$-1\r\n");
    }

    public Reply nullArray() {
        return raw(resp3() ? "_\r\n" : "*-1\r\n");
    }

    public Reply array(int count) {
        return put('*').decimal(count).raw(CRLF);
    }

    /** A RESP3 push header ({@code >n}): out-of-band data such as pub/sub messages. */
    public Reply push(int count) {
        return put('>').decimal(count).raw(CRLF);
    }

    /** Bytes already encoded as RESP. */
    public Reply raw(byte[] encoded) {
        ensure(encoded.length);
        System.arraycopy(encoded, 0, buf, size, encoded.length);
        size += encoded.length;
        return this;
    }

    public Reply map(int pairs) {
        return resp3() ? put('%').decimal(pairs).raw(CRLF) : array(pairs * 2);
    }

    public Reply set(int count) {
        return resp3() ? put('~').decimal(count).raw(CRLF) : array(count);
    }

    public Reply bool(boolean value) {
        return resp3() ? raw(value ? "#t\r\n" : "#f\r\n") : raw(value ? ":1\r\n" : ":0\r\n");
    }

    /** A double as Redis 7.0 writes it: {@code %.17g}, {@code inf} and {@code -inf}. */
    public Reply doubleReply(double value) {
        String text = formatDouble(value);
        return resp3() ? put(',').ascii(text).raw(CRLF) : bulk(text);
    }

    /** Plain text with a format hint ({@code txt}), as INFO replies. */
    public Reply verbatim(String text) {
        if (!resp3()) {
            return bulk(text);
        }
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        put('=').decimal(b.length + 4).raw(CRLF).ascii("txt:");
        return raw(b).raw(CRLF);
    }

    /** C's {@code %.17g}. */
    public static String formatDouble(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal v = new BigDecimal(d).round(new MathContext(17));
        int exponent = v.precision() - v.scale() - 1;
        if (exponent < -4 || exponent >= 17) {
            BigDecimal mantissa = v.movePointLeft(exponent);
            String m = strip(mantissa.toPlainString());
            return m + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        return strip(v.toPlainString());
    }

    private static String strip(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    private Reply put(char c) {
        ensure(1);
        buf[size++] = (byte) c;
        return this;
    }

    private Reply ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    private Reply raw(String s) {
        return ascii(s);
    }

    /** {@code value} in decimal, written in place (no String on the reply path). */
    private Reply decimal(long value) {
        ensure(20);
        if (value == Long.MIN_VALUE) {
            return ascii("-9223372036854775808");
        }
        if (value < 0) {
            buf[size++] = '-';
            value = -value;
        }
        int end = size + digits(value);
        for (int i = end - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size = end;
        return this;
    }

    private static int digits(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }


    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
