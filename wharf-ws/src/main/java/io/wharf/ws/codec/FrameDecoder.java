package io.wharf.ws.codec;

import java.nio.ByteBuffer;

/**
 * An incremental WebSocket frame decoder (RFC 6455 section 5): feed it whatever arrived, split anywhere, and it
 * reports each data frame as a start, its unmasked payload in pieces (never accumulated here) and an end, and
 * each control frame whole. It enforces the framing rules: reserved bits clear (RSV1 only where an extension
 * negotiated it, and only on a message's first frame), known opcodes, control frames of at most 125 bytes and
 * never fragmented, continuation frames only inside a fragmented message and data frames only outside one,
 * 64-bit lengths with the top bit clear, and masking from clients (unmasked frames from servers).
 *
 * <p>An explicit state machine: {@link State} says which part of a frame comes next; each step takes what
 * bytes it has and returns for more, so no byte is ever read twice. A violation throws a
 * {@link ProtocolException} with its close code; the decoder is then dead and drops all further input.
 *
 * <p>Threading: not thread-safe; one per connection, called from its handler thread.
 */
public final class FrameDecoder {

    /** Receives what the decoder finds, on the thread that feeds it. */
    public interface Listener {

        /** A data frame ({@link Opcode#TEXT}, {@link Opcode#BINARY} or {@link Opcode#CONTINUATION}) begins. */
        void dataStart(int opcode, boolean fin, boolean rsv1, long length) throws ProtocolException;

        /** Payload bytes of the current data frame, unmasked; only valid during this call. */
        void dataPayload(ByteBuffer chunk) throws ProtocolException;

        /** The current data frame is complete. */
        void dataEnd() throws ProtocolException;

        /** A whole control frame, unmasked; {@code payload} is only valid during this call. */
        void control(int opcode, ByteBuffer payload) throws ProtocolException;
    }

    private enum State {
        /** FIN, RSV1-3 and the opcode. */
        FIRST,
        /** MASK and the 7-bit length. */
        SECOND,
        /** The 16- or 64-bit extended length, {@code need} bytes to go. */
        LENGTH,
        /** The 4-byte masking key. */
        MASK,
        PAYLOAD,
        FAILED
    }

    private static final int MAX_CONTROL = 125;

    private final boolean fromClient;
    private final boolean rsv1Allowed;
    private final byte[] mask = new byte[4];
    private final byte[] control = new byte[MAX_CONTROL];
    /** Unmasks into here, so the caller's buffer is never written. */
    private final ByteBuffer scratch = ByteBuffer.allocate(16 * 1024);
    private State state = State.FIRST;
    private boolean fin;
    private boolean rsv1;
    private int opcode;
    private boolean masked;
    private long length;
    private int need;
    private long got;
    /** Inside a fragmented message: only continuation frames may carry data now. */
    private boolean fragmented;

    /**
     * @param fromClient  frames come from a client: they must be masked (a server's must not be)
     * @param rsv1Allowed an extension (permessage-deflate) gives RSV1 a meaning
     */
    public FrameDecoder(boolean fromClient, boolean rsv1Allowed) {
        this.fromClient = fromClient;
        this.rsv1Allowed = rsv1Allowed;
    }

    /** Consumes every remaining byte of {@code in}, calling back as frames complete. */
    public void decode(ByteBuffer in, Listener listener) throws ProtocolException {
        try {
            run(in, listener);
        } catch (ProtocolException e) {
            state = State.FAILED;
            in.position(in.limit());
            throw e;
        }
    }

    public boolean failed() {
        return state == State.FAILED;
    }

    private void run(ByteBuffer in, Listener listener) throws ProtocolException {
        while (in.hasRemaining()) {
            switch (state) {
                case FIRST -> first(in.get());
                case SECOND -> second(in.get(), listener);
                case LENGTH -> {
                    length = (length << 8) | (in.get() & 0xFF);
                    if (--need == 0) {
                        if (length < 0) {
                            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "frame length has its top bit set");
                        }
                        afterLength(listener);
                    }
                }
                case MASK -> {
                    mask[4 - need] = in.get();
                    if (--need == 0) {
                        payloadStart(listener);
                    }
                }
                case PAYLOAD -> payload(in, listener);
                case FAILED -> in.position(in.limit());
            }
        }
    }

    private void first(byte b) throws ProtocolException {
        fin = (b & 0x80) != 0;
        rsv1 = (b & 0x40) != 0;
        opcode = b & 0x0F;
        if ((b & 0x30) != 0) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "reserved bits RSV2/RSV3 set");
        }
        if (!Opcode.known(opcode)) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "reserved opcode " + opcode);
        }
        if (Opcode.control(opcode)) {
            if (!fin) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "fragmented control frame");
            }
            if (rsv1) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "RSV1 set on a control frame");
            }
        } else if (opcode == Opcode.CONTINUATION) {
            if (!fragmented) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "continuation frame outside a fragmented message");
            }
            if (rsv1) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "RSV1 set on a continuation frame");
            }
        } else {
            if (fragmented) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "new message inside a fragmented one");
            }
            if (rsv1 && !rsv1Allowed) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "RSV1 set without a negotiated extension");
            }
        }
        state = State.SECOND;
    }

    private void second(byte b, Listener listener) throws ProtocolException {
        masked = (b & 0x80) != 0;
        if (masked != fromClient) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR,
                    fromClient ? "client frame not masked" : "server frame masked");
        }
        int len = b & 0x7F;
        if (Opcode.control(opcode) && len > MAX_CONTROL) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "control frame longer than 125 bytes");
        }
        if (len < 126) {
            length = len;
            afterLength(listener);
        } else {
            length = 0;
            need = len == 126 ? 2 : 8;
            state = State.LENGTH;
        }
    }

    private void afterLength(Listener listener) throws ProtocolException {
        if (masked) {
            need = 4;
            state = State.MASK;
        } else {
            mask[0] = mask[1] = mask[2] = mask[3] = 0;
            payloadStart(listener);
        }
    }

    private void payloadStart(Listener listener) throws ProtocolException {
        got = 0;
        state = State.PAYLOAD;
        if (!Opcode.control(opcode)) {
            fragmented = !fin;
            listener.dataStart(opcode, fin, rsv1, length);
        }
        if (length == 0) {
            frameEnd(listener);
        }
    }

    private void payload(ByteBuffer in, Listener listener) throws ProtocolException {
        int n = (int) Math.min(in.remaining(), length - got);
        if (Opcode.control(opcode)) {
            for (int i = 0; i < n; i++) {
                control[(int) got + i] = (byte) (in.get() ^ mask[(int) ((got + i) & 3)]);
            }
            got += n;
        } else {
            while (n > 0) {
                int m = Math.min(n, scratch.capacity());
                scratch.clear();
                for (int i = 0; i < m; i++) {
                    scratch.put((byte) (in.get() ^ mask[(int) ((got + i) & 3)]));
                }
                got += m;
                n -= m;
                scratch.flip();
                listener.dataPayload(scratch);
            }
        }
        if (got == length) {
            frameEnd(listener);
        }
    }

    private void frameEnd(Listener listener) throws ProtocolException {
        state = State.FIRST;
        if (Opcode.control(opcode)) {
            listener.control(opcode, ByteBuffer.wrap(control, 0, (int) length));
        } else {
            listener.dataEnd();
        }
    }
}
