package io.wharf.load.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One load connection: the opening handshake ({@link WsHandshake}), then masked text messages out and their
 * echoes in, read by a {@link WsFrameReader} that counts payloads rather than keeping them. The message is
 * encoded once, masked, and written again and again.
 *
 * <p>Threading: owned by one {@link WsLoadThread}, which alone calls it.
 */
final class WsClient implements WsFrameReader.Listener {

    enum Phase { CONNECTING, HANDSHAKE, OPEN, FAILED }

    final SocketChannel channel;
    SelectionKey key;
    Phase phase = Phase.CONNECTING;
    private final WsHandshake handshake;
    private final WsFrameReader frames = new WsFrameReader(0);
    private final ByteBuffer message;
    private final int size;
    private ByteBuffer out;
    /** When each message in flight was sent (or was due, open loop), oldest first: echoes come back in order. */
    final ArrayDeque<Long> inFlight = new ArrayDeque<>();
    /** Open loop: when the next message is due. */
    long nextDue;
    /** What {@link #readFrames} calls per echo. */
    private Runnable onEcho;

    WsClient(SocketChannel channel, String host, int port, String path, int size) {
        this.channel = channel;
        this.size = size;
        this.handshake = new WsHandshake(host, port, path);
        this.message = masked(size);
    }

    /** A text frame of {@code size} bytes of 'x', masked with a random key. */
    static ByteBuffer masked(int size) {
        ByteBuffer b = ByteBuffer.allocateDirect(WsFrames.maskedLength(size));
        byte[] text = new byte[size];
        java.util.Arrays.fill(text, (byte) 'x');
        WsFrames.writeMasked(b, WsFrames.TEXT, ByteBuffer.wrap(text), ThreadLocalRandom.current().nextInt());
        return b.flip();
    }

    void connected() {
        phase = Phase.HANDSHAKE;
        out = handshake.request();
    }
    /** Queues one message; the caller records its time. */
    void send() {
        queue(message.duplicate());
    }

    private void queue(ByteBuffer frame) {
        if (out == null || !out.hasRemaining()) {
            out = frame;
        } else {
            // the previous one is still going out (open loop, slow server): queue behind it
            ByteBuffer more = ByteBuffer.allocate(out.remaining() + frame.remaining());
            more.put(out).put(frame).flip();
            out = more;
        }
    }

    /** Writes what is pending; true when all of it is out. */
    boolean flush() throws IOException {
        if (out != null) {
            channel.write(out);
            if (out.hasRemaining()) {
                return false;
            }
            out = null;
        }
        return true;
    }

    /** Reads the answer's head; true once it is complete and upgrades (bytes after it stay in {@code in}). */
    boolean readHead(ByteBuffer in) throws IOException {
        if (!handshake.feed(in)) {
            return false;
        }
        String problem = handshake.problem();
        if (problem != null) {
            throw new IOException(problem);
        }
        phase = Phase.OPEN;
        return true;
    }

    /**
     * Reads frames from {@code in}: calls {@code echo} for each complete text message of the size sent; a
     * ping is answered, a close or another message is a failure.
     */
    void readFrames(ByteBuffer in, Runnable echo) throws IOException {
        onEcho = echo;
        frames.feed(in, this);
    }

    @Override
    public void message(int opcode, long length, byte[] payload, int kept) throws IOException {
        if (opcode != WsFrames.TEXT) {
            throw new IOException("a binary message for a text one");
        }
        if (length != size) {
            throw new IOException("echo of " + length + " bytes for a message of " + size);
        }
        onEcho.run();
    }

    @Override
    public void control(int opcode, byte[] payload, int length) throws IOException {
        switch (opcode) {
            case WsFrames.PING -> queue(frame(WsFrames.PONG, payload, length));
            case WsFrames.CLOSE -> throw new IOException("the server closed the socket");
            default -> { } // a pong nobody asked for is allowed (a unidirectional heartbeat)
        }
    }

    /** A control frame (a pong) carrying {@code payload[0, length)}, masked with a random key, ready to write. */
    static ByteBuffer frame(int opcode, byte[] payload, int length) {
        ByteBuffer b = ByteBuffer.allocate(WsFrames.maskedLength(length));
        WsFrames.writeMasked(b, opcode, ByteBuffer.wrap(payload, 0, length), ThreadLocalRandom.current().nextInt());
        return b.flip();
    }
}
