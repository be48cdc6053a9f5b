package io.wharf.ws;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One open WebSocket, as an endpoint sees it: send messages, close with a code and a reason.
 *
 * <p>Threading: every method is safe from any thread (a chat sends from its hub thread); a message is one
 * frame and one write, so messages from different threads never interleave mid-message. Sending never blocks:
 * the connection queues what the socket cannot take, within the core's limits ({@code write_buffer_high} makes
 * it not {@link #writable}; {@code max_outbox} or {@code write_timeout} drops a client that does not read).
 */
public interface WebSocket {

    void sendText(String text);

    /** Sends the remaining bytes of {@code payload} as a text (valid UTF-8 expected) or binary message. */
    void send(boolean text, ByteBuffer payload);

    /** Sends a frame encoded once for many sockets (a broadcast), as it is. */
    void send(Frame frame);

    /**
     * Starts the close handshake: a close frame with {@code code} and {@code reason}, then the connection closes
     * once the peer answers, or after {@code ws_close_timeout} if it does not. Messages sent afterwards are
     * dropped. Only the first close counts.
     */
    void close(int code, String reason);

    /** False while queued output is over the high watermark: a fast sender should wait for the change. */
    boolean writable();

    InetSocketAddress remoteAddress();

    /** The subprotocol agreed in the handshake, or the empty string. */
    String subprotocol();
}
