package io.wharf.load.ws;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads a server's frames, however the bytes arrive (one at a time included): an explicit state machine over
 * the two head bytes, the extended length and the payload. A data message (one frame, or a first frame and its
 * continuations) is reported once whole, with its first {@code capacity} bytes kept and the rest only counted,
 * so a load client that checks lengths keeps nothing and one that reads JSON keeps what it needs; control frames
 * (at most 125 bytes, never fragmented) are reported whole, between a message's fragments if they come there.
 * What a server must not send is a {@link IOException} naming it: a masked frame, reserved bits (no extension is
 * offered), an unknown opcode, a bad control frame, a continuation outside a message or a data frame inside one.
 *
 * <p>Threading: one per connection, on the thread that reads it. Allocates nothing after construction.
 */
public final class WsFrameReader {

    /** What the reader finds; the arrays are reused once the call returns. */
    public interface Listener {

        /** A whole message: {@link WsFrames#TEXT} or {@link WsFrames#BINARY}, {@code length} bytes, the first
         * {@code kept} of them in {@code payload}. */
        void message(int opcode, long length, byte[] payload, int kept) throws IOException;

        /** A ping, pong or close frame, its payload in {@code payload[0, length)}. */
        void control(int opcode, byte[] payload, int length) throws IOException;
    }

    private enum State { FIRST, SECOND, LENGTH, PAYLOAD }

    private static final int MAX_CONTROL = 125;

    private final byte[] message;
    private final byte[] control = new byte[MAX_CONTROL];
    private State state = State.FIRST;
    private boolean fin;
    private int opcode;
    /** The opcode of the message being assembled, or -1 outside one. */
    private int messageOpcode = -1;
    private long messageLength;
    private long frameLength;
    private long frameGot;
    private int lengthBytes;

    public WsFrameReader(int capacity) {
        this.message = new byte[capacity];
    }

    /** Consumes all of {@code in}, calling {@code listener} as messages and control frames complete. */
    public void feed(ByteBuffer in, Listener listener) throws IOException {
        while (in.hasRemaining()) {
            switch (state) {
                case FIRST -> first(in.get() & 0xFF);
                case SECOND -> second(in.get() & 0xFF, listener);
                case LENGTH -> {
                    frameLength = (frameLength << 8) | (in.get() & 0xFF);
                    if (--lengthBytes == 0) {
                        if (frameLength < 0) {
                            throw new IOException("frame length with the top bit set");
                        }
                        startPayload(listener);
                    }
                }
                case PAYLOAD -> payload(in, listener);
            }
        }
    }

    /** Forgets a partial frame: the connection was replaced. */
    public void reset() {
        state = State.FIRST;
        messageOpcode = -1;
    }

    private void first(int b) throws IOException {
        if ((b & 0x70) != 0) {
            throw new IOException("reserved bits set in a frame (no extension was negotiated)");
        }
        fin = (b & 0x80) != 0;
        opcode = b & 0x0F;
        boolean controlFrame = opcode >= WsFrames.CLOSE;
        if (controlFrame) {
            if (opcode > WsFrames.PONG) {
                throw new IOException("unknown opcode " + opcode);
            }
            if (!fin) {
                throw new IOException("a fragmented control frame");
            }
        } else if (opcode == WsFrames.CONTINUATION) {
            if (messageOpcode < 0) {
                throw new IOException("a continuation frame outside a message");
            }
        } else if (opcode == WsFrames.TEXT || opcode == WsFrames.BINARY) {
            if (messageOpcode >= 0) {
                throw new IOException("a new message inside a fragmented one");
            }
            messageOpcode = opcode;
            messageLength = 0;
        } else {
            throw new IOException("unknown opcode " + opcode);
        }
        state = State.SECOND;
    }

    private void second(int b, Listener listener) throws IOException {
        if ((b & 0x80) != 0) {
            throw new IOException("a masked frame from the server");
        }
        int len = b & 0x7F;
        if (opcode >= WsFrames.CLOSE && len > MAX_CONTROL) {
            throw new IOException("a control frame of " + len + " bytes (at most 125)");
        }
        frameLength = 0;
        if (len < 126) {
            frameLength = len;
            startPayload(listener);
        } else {
            lengthBytes = len == 126 ? 2 : 8;
            state = State.LENGTH;
        }
    }

    private void startPayload(Listener listener) throws IOException {
        frameGot = 0;
        state = State.PAYLOAD;
        if (frameLength == 0) {
            frameEnd(listener);
        }
    }

    private void payload(ByteBuffer in, Listener listener) throws IOException {
        int n = (int) Math.min(in.remaining(), frameLength - frameGot);
        boolean controlFrame = opcode >= WsFrames.CLOSE;
        long at = controlFrame ? frameGot : messageLength + frameGot;
        byte[] into = controlFrame ? control : message;
        int keep = (int) Math.max(0, Math.min(n, into.length - at));
        in.get(into, (int) Math.min(at, into.length), keep);
        in.position(in.position() + n - keep);
        frameGot += n;
        if (frameGot == frameLength) {
            frameEnd(listener);
        }
    }

    private void frameEnd(Listener listener) throws IOException {
        state = State.FIRST;
        if (opcode >= WsFrames.CLOSE) {
            listener.control(opcode, control, (int) frameLength);
            return;
        }
        messageLength += frameLength;
        if (fin) {
            int op = messageOpcode;
            messageOpcode = -1;
            listener.message(op, messageLength, message, (int) Math.min(messageLength, message.length));
        }
    }
}
