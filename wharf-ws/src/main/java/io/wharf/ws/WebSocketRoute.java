package io.wharf.ws;

import io.wharf.core.spi.Connection;
import io.wharf.http.HttpHeaders;
import io.wharf.http.HttpRequest;
import io.wharf.http.spi.Answer;
import io.wharf.http.spi.Route;
import io.wharf.ws.codec.PerMessageDeflate;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One WebSocket path: runs the {@link Handshake} and, when it passes, answers 101 with the accept key, the
 * subprotocol and the extension agreed, handing the connection to a {@link WebSocketHandler} around a new
 * endpoint. Threading: immutable; {@code endpoints} must be thread-safe.
 */
final class WebSocketRoute implements Route {

    private final WsSettings settings;
    private final List<String> allowedOrigins;
    private final boolean deflate;
    private final List<String> subprotocols;
    private final Supplier<? extends WebSocketEndpoint> endpoints;
    private final LiveSockets live;

    WebSocketRoute(WsSettings settings, List<String> allowedOrigins, boolean deflate, List<String> subprotocols,
                   Supplier<? extends WebSocketEndpoint> endpoints, LiveSockets live) {
        this.settings = settings;
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.deflate = deflate;
        this.subprotocols = List.copyOf(subprotocols);
        this.endpoints = endpoints;
        this.live = live;
    }

    @Override
    public Answer answer(HttpRequest request, Connection connection) {
        Optional<Answer> refused = Handshake.refusal(request, allowedOrigins);
        if (refused.isPresent()) {
            return refused.get();
        }
        HttpHeaders h = request.headers();
        HttpHeaders response = new HttpHeaders().add("Upgrade", "websocket").add("Connection", "Upgrade")
                .add("Sec-WebSocket-Accept", Handshake.accept(h.get("Sec-WebSocket-Key").strip()));
        String subprotocol = Handshake.subprotocol(h, subprotocols);
        if (!subprotocol.isEmpty()) {
            response.add("Sec-WebSocket-Protocol", subprotocol);
        }
        PerMessageDeflate codec = null;
        if (deflate) {
            Optional<DeflateNegotiation.Agreed> agreed = DeflateNegotiation.negotiate(h);
            if (agreed.isPresent()) {
                response.add("Sec-WebSocket-Extensions", agreed.get().response());
                codec = agreed.get().codec();
            }
        }
        return new Answer.Switch(response, new WebSocketHandler(endpoints.get(), settings, live, subprotocol, codec));
    }
}
