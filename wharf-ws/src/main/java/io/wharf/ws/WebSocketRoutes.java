package io.wharf.ws;

import io.wharf.http.HttpRequest;

/** What routes outside this package need of the handshake. Threading: stateless. */
public final class WebSocketRoutes {

    private WebSocketRoutes() {
    }

    /** True when a request asks to switch to WebSocket ({@code Upgrade: websocket}), valid or not. */
    public static boolean wanted(HttpRequest request) {
        return Handshake.wanted(request);
    }
}
