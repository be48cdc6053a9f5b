package io.wharf.http.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Chunked transfer coding for response bodies of unknown length (RFC 9112 section 7.1). Stateless: the caller
 * writes {@link #chunk}s (or a {@link #header}, the data it sends itself, and {@link #crlf()}), then
 * {@link #last()} once.
 */
public final class ChunkedEncoder {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private ChunkedEncoder() {
    }

    /**
     * One chunk carrying the remaining bytes of {@code data}, which are consumed. An empty {@code data} gives an
     * empty buffer, never a zero-size chunk, which would end the body.
     */
    public static ByteBuffer chunk(ByteBuffer data) {
        int n = data.remaining();
        if (n == 0) {
            return ByteBuffer.allocate(0);
        }
        String size = Integer.toHexString(n);
        ByteBuffer out = ByteBuffer.allocate(size.length() + 2 + n + 2);
        out.put(size.getBytes(StandardCharsets.US_ASCII)).put(CRLF).put(data).put(CRLF);
        return out.flip();
    }

    /** The size line of a chunk of {@code size} bytes (more than 0), for data sent apart, e.g. by sendfile. */
    public static ByteBuffer header(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("a chunk holds at least one byte, got " + size);
        }
        return ByteBuffer.wrap((Long.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** The CRLF that closes a chunk's data after a {@link #header}. */
    public static ByteBuffer crlf() {
        return ByteBuffer.wrap(CRLF.clone());
    }

    /** The last chunk, without trailers: {@code 0 CRLF CRLF}. */
    public static ByteBuffer last() {
        return ByteBuffer.wrap(LAST.clone());
    }
}
