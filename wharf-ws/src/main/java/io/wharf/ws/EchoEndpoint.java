package io.wharf.ws;

import java.nio.ByteBuffer;

/**
 * {@code /echo}: every message back as it came, text as text, binary as binary; for Autobahn|Testsuite and the
 * benchmarks. Back-pressure is the core's: while the client does not read the echoes, its connection reads
 * nothing more. Threading: stateless.
 */
public final class EchoEndpoint implements WebSocketEndpoint {

    public static final EchoEndpoint INSTANCE = new EchoEndpoint();

    private EchoEndpoint() {
    }

    @Override
    public void onMessage(WebSocket socket, boolean text, ByteBuffer payload) {
        socket.send(text, payload);
    }
}
