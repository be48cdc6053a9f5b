package io.wharf.http.codec;

import io.wharf.http.HttpStatus;
import io.wharf.http.HttpVersion;
import java.nio.ByteBuffer;

/**
 * Builds a response's status line and header fields, then encodes them (with the blank line that ends the
 * head) into one buffer. Refuses what would let a value split the response: a name that is not a token, a
 * value holding CR, LF or any other control but HTAB, or a char that does not fit in one byte.
 *
 * <pre>{@code
 * ByteBuffer head = ResponseHead.of(HttpVersion.HTTP_1_1, 200)
 *         .header("Content-Type", "text/plain")
 *         .header("Content-Length", 5)
 *         .encode();
 * }</pre>
 *
 * <p>Threading: not thread-safe; build and encode on one thread.
 */
public final class ResponseHead {

    private static final byte[] CRLF = {'\r', '\n'};

    private final HttpVersion version;
    private final int status;
    private String reason;
    /** The encoded fields so far, each {@code Name: value CRLF}: validated and copied in one pass. */
    private byte[] fields = new byte[256];
    private int length;

    private ResponseHead(HttpVersion version, int status) {
        this.version = version;
        this.status = status;
        this.reason = HttpStatus.reason(status);
    }

    /** @param status 100 to 999 */
    public static ResponseHead of(HttpVersion version, int status) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
        return new ResponseHead(version, status);
    }

    public int status() {
        return status;
    }

    /** Replaces the reason phrase (by default {@link HttpStatus#reason}). */
    public ResponseHead reason(String phrase) {
        checkValue(phrase, 0, phrase.length());
        this.reason = phrase;
        return this;
    }

    /** Adds a field; surrounding whitespace of the value is kept out of the output. */
    public ResponseHead header(String name, String value) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        int from = 0;
        int to = value.length();
        while (from < to && Character.isWhitespace(value.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(value.charAt(to - 1))) {
            to--;
        }
        checkValue(value, from, to);
        ensure(name.length() + 2 + (to - from) + 2);
        int start = length;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0xFF || !Ascii.tchar(c)) {
                length = start;
                throw new IllegalArgumentException("header name is not a token: " + name);
            }
            fields[length++] = (byte) c;
        }
        fields[length++] = ':';
        fields[length++] = ' ';
        for (int i = from; i < to; i++) {
            fields[length++] = (byte) value.charAt(i);
        }
        fields[length++] = '\r';
        fields[length++] = '\n';
        return this;
    }

    public ResponseHead header(String name, long value) {
        return header(name, Long.toString(value));
    }

    /** Adds fields already encoded by {@link #encodeFields}, e.g. those kept for a cached file. */
    public ResponseHead fields(Fields encoded) {
        ensure(encoded.bytes.length);
        System.arraycopy(encoded.bytes, 0, fields, length, encoded.bytes.length);
        length += encoded.bytes.length;
        return this;
    }

    /**
     * Validates and encodes fields once, for heads that repeat them: alternate names and values, as
     * {@link #header} takes them.
     */
    public static Fields encodeFields(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        ResponseHead scratch = new ResponseHead(HttpVersion.HTTP_1_1, 200);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            scratch.header(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Fields(java.util.Arrays.copyOf(scratch.fields, scratch.length));
    }

    /** Header fields validated and encoded once (see {@link #encodeFields}). Immutable. */
    public static final class Fields {
        private final byte[] bytes;

        private Fields(byte[] bytes) {
            this.bytes = bytes;
        }

        public int size() {
            return bytes.length;
        }
    }

    /** The head, CRLF CRLF included, ready to write: position 0, limit at its end. */
    public ByteBuffer encode() {
        return encode(null);
    }

    /**
     * The head followed by the remaining bytes of {@code body} (consumed) in one buffer, so a small response
     * leaves in one write instead of two.
     */
    public ByteBuffer encode(ByteBuffer body) {
        String versionText = version.text();
        int bodySize = body == null ? 0 : body.remaining();
        int size = versionText.length() + 5 + reason.length() + 2 + length + 2 + bodySize;
        byte[] out = new byte[size];
        int at = put(out, 0, versionText);
        out[at++] = ' ';
        out[at++] = (byte) ('0' + status / 100);
        out[at++] = (byte) ('0' + status / 10 % 10);
        out[at++] = (byte) ('0' + status % 10);
        out[at++] = ' ';
        at = put(out, at, reason);
        System.arraycopy(CRLF, 0, out, at, 2);
        System.arraycopy(fields, 0, out, at + 2, length);
        at += 2 + length;
        System.arraycopy(CRLF, 0, out, at, 2);
        at += 2;
        if (bodySize > 0) {
            body.get(out, at, bodySize);
        }
        return ByteBuffer.wrap(out);
    }

    @Override
    public String toString() {
        return new String(encode().array(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private void ensure(int more) {
        if (length + more > fields.length) {
            fields = java.util.Arrays.copyOf(fields, Math.max(fields.length * 2, length + more));
        }
    }

    private static void checkValue(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c > 0xFF || !Ascii.fieldChar(c)) {
                throw new IllegalArgumentException("header value holds a control or non-Latin-1 char at " + i);
            }
        }
    }

    /** Latin-1 chars to bytes; checked by {@code header}, so the low byte is the whole char. */
    @SuppressWarnings("deprecation") // the one String-to-bytes copy that neither allocates nor encodes
    private static int put(byte[] out, int at, String s) {
        s.getBytes(0, s.length(), out, at);
        return at + s.length();
    }
}
