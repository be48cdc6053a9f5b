package io.wharf.load.ws;

import java.nio.ByteBuffer;

/**
 * The client's side of RFC 6455 framing: opcodes, and masked frames written into a buffer. A client must mask
 * every frame (section 5.3); the key is the caller's, fresh per frame.
 *
 * <p>Threading: stateless.
 */
public final class WsFrames {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private WsFrames() {
    }

    /** The bytes of a masked frame carrying {@code payloadLength} bytes: head, key and payload. */
    public static int maskedLength(int payloadLength) {
        return (payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10) + 4 + payloadLength;
    }

    /**
     * Writes one final frame of {@code opcode} into {@code out} ({@link #maskedLength} bytes of room needed): the
     * remaining bytes of {@code payload}, masked with {@code key}; {@code payload} is consumed.
     */
    public static void writeMasked(ByteBuffer out, int opcode, ByteBuffer payload, int key) {
        int len = payload.remaining();
        out.put((byte) (0x80 | opcode));
        if (len < 126) {
            out.put((byte) (0x80 | len));
        } else if (len <= 0xFFFF) {
            out.put((byte) (0x80 | 126)).putShort((short) len);
        } else {
            out.put((byte) (0x80 | 127)).putLong(len);
        }
        out.putInt(key);
        for (int i = 0; i < len; i++) {
            out.put((byte) (payload.get() ^ (key >>> (24 - 8 * (i & 3)))));
        }
    }
}
