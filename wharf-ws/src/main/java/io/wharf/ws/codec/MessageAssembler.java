package io.wharf.ws.codec;

import java.nio.ByteBuffer;

/**
 * Joins data frames into messages, as a {@link FrameDecoder.Listener}: keeps a message's payload across its
 * fragments and reads, checks its size against the limit as it grows (1009; a compressed message once
 * inflated), validates a text message's UTF-8 as its bytes arrive, so a bad byte is refused at once however the
 * message was split (1007), and inflates messages compressed by permessage-deflate. Control frames pass
 * through.
 *
 * <p>Threading: not thread-safe; one per connection, called from its handler thread.
 */
public final class MessageAssembler implements FrameDecoder.Listener {

    /** Where whole messages go. */
    public interface Sink {

        /** A complete message; {@code payload} is only valid during this call. */
        void message(boolean text, ByteBuffer payload) throws ProtocolException;

        /** A control frame (close, ping, pong); {@code payload} is only valid during this call. */
        void control(int opcode, ByteBuffer payload) throws ProtocolException;
    }

    private static final int INITIAL = 4 * 1024;

    private final long maxMessage;
    /** Null unless permessage-deflate was negotiated. */
    private final PerMessageDeflate deflate;
    private final Sink sink;
    private final Utf8Validator utf8 = new Utf8Validator();
    private byte[] buffer = new byte[INITIAL];
    private int size;
    private boolean text;
    private boolean compressed;
    private boolean fin;

    public MessageAssembler(long maxMessage, PerMessageDeflate deflate, Sink sink) {
        this.maxMessage = maxMessage;
        this.deflate = deflate;
        this.sink = sink;
    }

    @Override
    public void dataStart(int opcode, boolean fin, boolean rsv1, long length) throws ProtocolException {
        this.fin = fin;
        if (opcode != Opcode.CONTINUATION) {
            text = opcode == Opcode.TEXT;
            compressed = rsv1;
            size = 0;
            utf8.reset();
        }
        // a compressed message may shrink or grow: its inflated size is checked when it is inflated
        if (size + length > (compressed ? Math.max(maxMessage, 64 * 1024) * 4 : maxMessage)) {
            throw new ProtocolException(CloseCodes.TOO_BIG, "message over " + maxMessage + " bytes");
        }
        ensure(size + (int) length);
    }

    @Override
    public void dataPayload(ByteBuffer chunk) throws ProtocolException {
        if (text && !compressed && !utf8.feed(chunk)) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "text message is not valid UTF-8");
        }
        int n = chunk.remaining();
        chunk.get(buffer, size, n);
        size += n;
    }

    @Override
    public void dataEnd() throws ProtocolException {
        if (!fin) {
            return;
        }
        ByteBuffer payload = ByteBuffer.wrap(buffer, 0, size);
        if (compressed) {
            payload = deflate.inflate(payload, maxMessage);
            if (text && !utf8.feed(payload)) {
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "text message is not valid UTF-8");
            }
        }
        if (text && !utf8.complete()) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "text message ends inside a UTF-8 character");
        }
        size = 0;
        if (buffer.length > 64 * 1024) {
            buffer = new byte[INITIAL]; // one big message does not pin its buffer for the connection's life
        }
        sink.message(text, payload);
    }

    @Override
    public void control(int opcode, ByteBuffer payload) throws ProtocolException {
        sink.control(opcode, payload);
    }

    private void ensure(int capacity) {
        if (capacity > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(capacity, Math.min(buffer.length * 2, Integer.MAX_VALUE - 8)));
        }
    }
}
