package io.wharf.ws.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds client frames for tests, masked as a client must, or raw with any bits set. */
final class Frames {

    static final int MASK = 0x37FA213D; // RFC 6455 section 5.7's example key

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Frames frame(int opcode, boolean fin, byte[] payload) {
        return raw((fin ? 0x80 : 0) | opcode, true, payload);
    }

    Frames text(String s) {
        return frame(Opcode.TEXT, true, s.getBytes(StandardCharsets.UTF_8));
    }

    /** A frame with {@code first} as its first byte (FIN, RSV, opcode), masked or not. */
    Frames raw(int first, boolean masked, byte[] payload) {
        ByteBuffer f = FrameEncoder.masked(first & 0x0F, (first & 0x80) != 0, (first & 0x40) != 0,
                ByteBuffer.wrap(payload), MASK);
        byte[] b = new byte[f.remaining()];
        f.get(b);
        b[0] = (byte) first;
        if (!masked) {
            int head = FrameEncoder.headerLength(payload.length, false);
            byte[] u = new byte[head + payload.length];
            System.arraycopy(b, 0, u, 0, head);
            u[1] &= 0x7F;
            System.arraycopy(payload, 0, u, head, payload.length);
            b = u;
        }
        out.writeBytes(b);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
