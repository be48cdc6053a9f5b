package io.wharf.ws.chat;

import io.wharf.http.HttpHeaders;
import io.wharf.http.spi.Answer;
import io.wharf.http.spi.Route;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The chat page, shipped in the jar as plain HTML, CSS and JavaScript (no build step): {@code PATH} (and
 * {@code PATH/}) serves the page, or, for a WebSocket handshake, the socket; {@code PATH/app.js} and
 * {@code PATH/app.css} its assets. The page learns its socket's path from a {@code data-socket} attribute.
 * Threading: immutable after loading.
 */
final class ChatPage {

    private static final String BASE = "/io/wharf/ws/chat/page/";

    private ChatPage() {
    }

    static Map<String, Route> routes(String path, Route socket) {
        String html = resource("index.html").replace("{{path}}", path);
        Answer page = asset(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
        Route pageOrSocket = (request, connection) -> io.wharf.ws.WebSocketRoutes.wanted(request)
                ? socket.answer(request, connection) : only(request.method(), page);
        Map<String, Route> routes = new HashMap<>();
        routes.put(path, pageOrSocket);
        routes.put(path + "/", pageOrSocket);
        Answer js = asset(resource("app.js").getBytes(StandardCharsets.UTF_8), "text/javascript; charset=utf-8");
        Answer css = asset(resource("app.css").getBytes(StandardCharsets.UTF_8), "text/css; charset=utf-8");
        routes.put(path + "/app.js", (request, connection) -> only(request.method(), js));
        routes.put(path + "/app.css", (request, connection) -> only(request.method(), css));
        return routes;
    }

    private static Answer only(String method, Answer answer) {
        if (method.equals("GET") || method.equals("HEAD")) {
            return answer;
        }
        return new Answer.Respond(405, new HttpHeaders().add("Allow", "GET, HEAD")
                .add("Content-Type", "text/plain; charset=utf-8"), "405 Method Not Allowed\n".getBytes(StandardCharsets.UTF_8));
    }

    private static Answer asset(byte[] body, String type) {
        return new Answer.Respond(200, new HttpHeaders().add("Content-Type", type).add("Cache-Control", "no-cache")
                .add("X-Content-Type-Options", "nosniff"), body);
    }

    private static String resource(String name) {
        try (InputStream in = ChatPage.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("the chat page's " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
