package io.wharf.ws;

import io.wharf.ws.codec.FrameEncoder;
import io.wharf.ws.codec.Opcode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A server frame encoded once, to be sent to many sockets ({@link WebSocket#send(Frame)}): a room's message
 * to thousands of members costs one encoding, and each connection copies the bytes only if it must queue them.
 * Sent uncompressed even where permessage-deflate was negotiated (RFC 7692 lets any message go uncompressed),
 * since one compressed form cannot fit every connection's compression context. Immutable.
 */
public final class Frame {

    private final ByteBuffer bytes;

    private Frame(ByteBuffer bytes) {
        this.bytes = bytes.asReadOnlyBuffer();
    }

    public static Frame text(String text) {
        return new Frame(FrameEncoder.frame(Opcode.TEXT, true, false,
                ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
    }

    public static Frame text(byte[] utf8) {
        return new Frame(FrameEncoder.frame(Opcode.TEXT, true, false, ByteBuffer.wrap(utf8)));
    }

    /** The whole frame, head and payload, as a fresh view. */
    public ByteBuffer bytes() {
        return bytes.duplicate();
    }
}
