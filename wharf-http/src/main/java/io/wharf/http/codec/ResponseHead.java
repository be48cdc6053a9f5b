package io.wharf.http.codec;

import io.wharf.http.HttpStatus;
import io.wharf.http.HttpVersion;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

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

    private final HttpVersion version;
    private final int status;
    private String reason;
    private final List<String> fields = new ArrayList<>(16);

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
        checkValue(phrase);
        this.reason = phrase;
        return this;
    }

    /** Adds a field; surrounding whitespace of the value is kept out of the output. */
    public ResponseHead header(String name, String value) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0xFF || !Ascii.tchar(c)) {
                throw new IllegalArgumentException("header name is not a token: " + name);
            }
        }
        checkValue(value);
        fields.add(name);
        fields.add(value.strip());
        return this;
    }

    public ResponseHead header(String name, long value) {
        return header(name, Long.toString(value));
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
        String statusLine = version.text() + ' ' + status + ' ' + reason;
        int bodySize = body == null ? 0 : body.remaining();
        int size = statusLine.length() + 4 + bodySize;
        for (int i = 0; i < fields.size(); i += 2) {
            size += fields.get(i).length() + 2 + fields.get(i + 1).length() + 2;
        }
        byte[] out = new byte[size];
        int at = put(out, 0, statusLine);
        at = crlf(out, at);
        for (int i = 0; i < fields.size(); i += 2) {
            at = put(out, at, fields.get(i));
            out[at++] = ':';
            out[at++] = ' ';
            at = put(out, at, fields.get(i + 1));
            at = crlf(out, at);
        }
        at = crlf(out, at);
        if (bodySize > 0) {
            body.get(out, at, bodySize);
        }
        return ByteBuffer.wrap(out);
    }

    @Override
    public String toString() {
        return new String(encode().array(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void checkValue(String value) {
        for (int i = 0; i < value.length(); i++) {
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

    private static int crlf(byte[] out, int at) {
        out[at] = '\r';
        out[at + 1] = '\n';
        return at + 2;
    }
}
