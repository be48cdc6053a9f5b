package io.wharf.load.ws;

import io.wharf.load.Exchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One connection of a {@link WsEchoTarget}: the opening handshake ({@link WsHandshake}), then one masked text
 * message per request, encoded once and written again and again, and its echo read by a {@link WsFrameReader}
 * that counts payloads rather than keeping them. A ping (the server's heartbeat) is answered with a pong written
 * ahead of the next message; a close, a message of another size or kind, or a second echo fails the reply.
 *
 * <p>Threading: one load thread, as {@link Exchange}; allocates only for the handshake and a pong.
 */
final class WsEchoExchange implements Exchange, WsFrameReader.Listener {

    private final String host;
    private final int port;
    private final String path;
    private final int size;
    private final ByteBuffer message;
    private final WsFrameReader frames = new WsFrameReader(0);
    private WsHandshake handshake;
    /** A pong to send with the next message, or null. */
    private ByteBuffer pong;
    private int echoes;
    private String problem = "";
    private boolean wrong;

    WsEchoExchange(String host, int port, String path, int size) {
        this.host = host;
        this.port = port;
        this.path = path;
        this.size = size;
        this.message = WsClient.masked(size);
    }

    @Override
    public void onConnected() {
        handshake = new WsHandshake(host, port, path);
        frames.reset();
        pong = null;
    }

    @Override
    public ByteBuffer opening() {
        return handshake.request();
    }

    @Override
    public Reply onOpening(ByteBuffer in) {
        try {
            if (!handshake.feed(in)) {
                return Reply.INCOMPLETE;
            }
        } catch (IOException e) {
            problem = e.getMessage();
            return Reply.PROTOCOL_ERROR;
        }
        String refused = handshake.problem();
        if (refused != null) {
            problem = refused;
            return Reply.WRONG_REPLY;
        }
        return Reply.COMPLETE;
    }

    @Override
    public ByteBuffer nextRequest() {
        echoes = 0;
        message.rewind();
        if (pong == null) {
            return message;
        }
        ByteBuffer both = ByteBuffer.allocate(pong.remaining() + message.remaining()).put(pong).put(message);
        message.rewind();
        pong = null;
        return both.flip();
    }

    @Override
    public Reply onReply(ByteBuffer in) {
        wrong = false;
        try {
            frames.feed(in, this);
        } catch (IOException e) {
            problem = e.getMessage();
            return wrong ? Reply.WRONG_REPLY : Reply.PROTOCOL_ERROR;
        }
        return echoes == 0 ? Reply.INCOMPLETE : Reply.COMPLETE;
    }

    @Override
    public String describeReply() {
        return problem;
    }

    @Override
    public void message(int opcode, long length, byte[] payload, int kept) throws IOException {
        wrong = true;
        if (opcode != WsFrames.TEXT) {
            throw new IOException("a binary message for a text one");
        }
        if (length != size) {
            throw new IOException("echo of " + length + " bytes for a message of " + size);
        }
        if (++echoes > 1) {
            throw new IOException("two messages for one sent");
        }
        wrong = false;
    }

    @Override
    public void control(int opcode, byte[] payload, int length) throws IOException {
        switch (opcode) {
            case WsFrames.PING -> pong = WsClient.frame(WsFrames.PONG, payload, length);
            case WsFrames.CLOSE -> throw new IOException("the server closed the socket");
            default -> { } // a pong nobody asked for is allowed (a unidirectional heartbeat)
        }
    }
}
