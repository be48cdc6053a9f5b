package io.wharf.load.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One load connection: the opening handshake, then masked text messages out and their echoes in. Reading is an
 * explicit state machine over the server's frames ({@link Read}): a head of 2 bytes, an extended length, then a
 * payload that is counted, not kept. The message is encoded once, masked, and written again and again.
 *
 * <p>Threading: owned by one {@link WsLoadThread}, which alone calls it.
 */
final class WsClient {

    enum Phase { CONNECTING, HANDSHAKE, OPEN, FAILED }

    private enum Read { HEAD, LENGTH, PAYLOAD }

    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};
    /** An empty pong, masked (with a zero key, which leaves the empty payload as it is). */
    private static final byte[] PONG = {(byte) 0x8A, (byte) 0x80, 0, 0, 0, 0};

    final SocketChannel channel;
    SelectionKey key;
    Phase phase = Phase.CONNECTING;
    private final ByteBuffer request;
    private final ByteBuffer message;
    private final int size;
    private ByteBuffer out;
    /** When each message in flight was sent (or was due, open loop), oldest first: echoes come back in order. */
    final ArrayDeque<Long> inFlight = new ArrayDeque<>();
    /** Open loop: when the next message is due. */
    long nextDue;
    private int headMatched;
    private Read read = Read.HEAD;
    private int opcode;
    private int lengthBytes;
    private long length;
    private long got;
    private int headByte;
    private boolean firstHeadByte = true;

    WsClient(SocketChannel channel, String host, int port, String path, int size) {
        this.channel = channel;
        this.size = size;
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        this.request = ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        this.message = masked(size);
    }

    /** A text frame of {@code size} bytes of 'x', masked with a random key. */
    private static ByteBuffer masked(int size) {
        int head = size < 126 ? 2 : size <= 0xFFFF ? 4 : 10;
        ByteBuffer b = ByteBuffer.allocateDirect(head + 4 + size);
        b.put((byte) 0x81);
        if (size < 126) {
            b.put((byte) (0x80 | size));
        } else if (size <= 0xFFFF) {
            b.put((byte) (0x80 | 126)).putShort((short) size);
        } else {
            b.put((byte) (0x80 | 127)).putLong(size);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        b.put(mask);
        for (int i = 0; i < size; i++) {
            b.put((byte) ('x' ^ mask[i & 3]));
        }
        return b.flip();
    }

    void connected() {
        phase = Phase.HANDSHAKE;
        out = request;
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

    /** Reads the 101 head; true once it is complete. */
    boolean readHead(ByteBuffer in, StringBuilder head) throws IOException {
        while (in.hasRemaining()) {
            byte b = in.get();
            head.append((char) (b & 0xFF));
            headMatched = b == END_OF_HEAD[headMatched] ? headMatched + 1 : (b == '\r' ? 1 : 0);
            if (headMatched == 4) {
                if (!head.toString().startsWith("HTTP/1.1 101")) {
                    throw new IOException("handshake refused: " + head.toString().lines().findFirst().orElse(""));
                }
                phase = Phase.OPEN;
                return true;
            }
            if (head.length() > 8192) {
                throw new IOException("handshake answer over 8 KiB");
            }
        }
        return false;
    }

    /**
     * Reads frames from {@code in}: calls {@code echo} for each complete text message of the size sent; a
     * ping is answered, a close or another message is a failure.
     */
    void readFrames(ByteBuffer in, Runnable echo) throws IOException {
        while (in.hasRemaining()) {
            switch (read) {
                case HEAD -> {
                    int b = in.get() & 0xFF;
                    if (firstHeadByte) {
                        headByte = b;
                        firstHeadByte = false;
                        continue;
                    }
                    firstHeadByte = true;
                    opcode = headByte & 0x0F;
                    int len = b & 0x7F;
                    length = 0;
                    got = 0;
                    if (len < 126) {
                        length = len;
                        read = Read.PAYLOAD;
                        if (length == 0) {
                            frameEnd(echo);
                        }
                    } else {
                        lengthBytes = len == 126 ? 2 : 8;
                        read = Read.LENGTH;
                    }
                }
                case LENGTH -> {
                    length = (length << 8) | (in.get() & 0xFF);
                    if (--lengthBytes == 0) {
                        read = Read.PAYLOAD;
                        if (length == 0) {
                            frameEnd(echo);
                        }
                    }
                }
                case PAYLOAD -> {
                    int n = (int) Math.min(in.remaining(), length - got);
                    in.position(in.position() + n);
                    got += n;
                    if (got == length) {
                        frameEnd(echo);
                    }
                }
            }
        }
    }

    private void frameEnd(Runnable echo) throws IOException {
        read = Read.HEAD;
        switch (opcode) {
            case 0x1 -> {
                if (length != size) {
                    throw new IOException("echo of " + length + " bytes for a message of " + size);
                }
                echo.run();
            }
            case 0x9 -> queue(ByteBuffer.wrap(PONG)); // a heartbeat's ping: its payload is empty
            case 0x8 -> throw new IOException("the server closed the socket");
            default -> throw new IOException("unexpected frame, opcode " + opcode);
        }
    }
}
