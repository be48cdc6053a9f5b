package io.wharf.ws;

import java.time.Duration;

/**
 * One listener's WebSocket settings ({@link WsKeys}). Immutable.
 *
 * @param maxMessage   largest message accepted, after inflating (1009 past it)
 * @param pingInterval a socket silent this long is pinged; zero turns the heartbeat off
 * @param pongTimeout  how long a pinged socket has to answer with anything before it is dropped
 * @param closeTimeout how long the server waits for the peer's close frame after sending its own
 */
public record WsSettings(long maxMessage, Duration pingInterval, Duration pongTimeout, Duration closeTimeout) {
}
