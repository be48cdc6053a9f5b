package io.wharf.ws;

import java.nio.ByteBuffer;

/**
 * What serves one WebSocket: the echo, the chat. One instance per socket, made by its route.
 *
 * <p>Threading: called on the connection's thread, one call at a time, in order ({@code onOpen}, messages, then
 * {@code onClose} exactly once), like a core {@code Handler}; it must not block.
 */
public interface WebSocketEndpoint {

    default void onOpen(WebSocket socket) {
    }

    /** A whole message (text is valid UTF-8); {@code payload} is only valid during this call. */
    void onMessage(WebSocket socket, boolean text, ByteBuffer payload);

    /** See {@link WebSocket#writable}. */
    default void onWritabilityChanged(WebSocket socket, boolean writable) {
    }

    /**
     * The socket is closed: {@code code} is the peer's close code, 1005 when its close frame had none, 1006 when
     * the connection ended without one.
     */
    default void onClose(WebSocket socket, int code, String reason) {
    }
}
