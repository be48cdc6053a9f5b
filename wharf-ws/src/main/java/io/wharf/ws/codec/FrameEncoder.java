package io.wharf.ws.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes WebSocket frames (RFC 6455 section 5.2): a server's unmasked, a client's masked. A frame is one buffer,
 * head and payload, so it leaves in one write; a broadcast encodes it once and writes the same bytes to every
 * socket ({@link io.wharf.core.spi.Connection#write} copies what it keeps).
 *
 * <p>Threading: stateless.
 */
public final class FrameEncoder {

    private FrameEncoder() {
    }

    /** A server's frame: unmasked. */
    public static ByteBuffer frame(int opcode, boolean fin, boolean rsv1, ByteBuffer payload) {
        int len = payload.remaining();
        ByteBuffer out = ByteBuffer.allocate(headerLength(len, false) + len);
        header(out, opcode, fin, rsv1, len, false);
        out.put(payload);
        return out.flip();
    }

    public static ByteBuffer text(String text) {
        return frame(Opcode.TEXT, true, false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A client's frame, masked with {@code maskKey}. */
    public static ByteBuffer masked(int opcode, boolean fin, boolean rsv1, ByteBuffer payload, int maskKey) {
        int len = payload.remaining();
        ByteBuffer out = ByteBuffer.allocate(headerLength(len, true) + len);
        header(out, opcode, fin, rsv1, len, true);
        out.putInt(maskKey);
        for (int i = 0; i < len; i++) {
            out.put((byte) (payload.get() ^ (maskKey >>> (24 - 8 * (i & 3)))));
        }
        return out.flip();
    }

    /** A close frame's payload: the code, then as much of {@code reason} as fits in 123 bytes of UTF-8. */
    public static ByteBuffer closePayload(int code, String reason) {
        byte[] r = truncate(reason == null ? "" : reason, 123);
        return ByteBuffer.allocate(2 + r.length).putShort((short) code).put(r).flip();
    }

    public static int headerLength(long payloadLength, boolean masked) {
        int n = payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
        return masked ? n + 4 : n;
    }

    private static void header(ByteBuffer out, int opcode, boolean fin, boolean rsv1, int len, boolean masked) {
        out.put((byte) ((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode));
        int m = masked ? 0x80 : 0;
        if (len < 126) {
            out.put((byte) (m | len));
        } else if (len <= 0xFFFF) {
            out.put((byte) (m | 126)).putShort((short) len);
        } else {
            out.put((byte) (m | 127)).putLong(len);
        }
    }

    /** The UTF-8 of {@code s}, cut at a character boundary to at most {@code max} bytes. */
    static byte[] truncate(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= max) {
            return b;
        }
        int end = max;
        while (end > 0 && (b[end] & 0xC0) == 0x80) {
            end--; // back to the start of the character that does not fit
        }
        return java.util.Arrays.copyOf(b, end);
    }
}
