package io.wharf.ws;

import io.wharf.core.StartupException;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.spi.Need;
import io.wharf.core.spi.ServiceContext;
import io.wharf.http.spi.HttpExtension;
import io.wharf.http.spi.Mount;
import io.wharf.http.spi.Route;
import io.wharf.ws.chat.WebChat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Mounts the WebSocket routes on every HTTP listener ({@code [websocket]}, {@link WsKeys}): the echo at
 * {@code ws_echo_path}, and at {@code ws_chat_path} the browser chat, its page and its socket. Threading: the
 * mount's route table is immutable; its sockets are tracked by a thread-safe {@link LiveSockets}.
 */
public final class WsExtension implements HttpExtension {

    @Override
    public List<ConfigKey<?>> configKeys() {
        return WsKeys.ALL;
    }

    /** The browser chat shares its rooms across connections, as the telnet chat does. */
    @Override
    public Set<Need> needs(Config config) {
        return config.get(WsKeys.CHAT_PATH).isEmpty() ? Set.of() : Set.of(Need.SHARED_STATE, Need.CONCURRENT_CLIENTS);
    }

    @Override
    public Mount start(ServiceContext context) throws StartupException {
        Config c = context.config();
        WsSettings settings = WsKeys.settings(c);
        LiveSockets live = new LiveSockets(settings);
        Map<String, Route> routes = new HashMap<>();
        String echo = c.get(WsKeys.ECHO_PATH);
        if (!echo.isEmpty()) {
            routes.put(echo, new WebSocketRoute(settings, c.get(WsKeys.ALLOWED_ORIGINS), c.get(WsKeys.DEFLATE),
                    List.of(), () -> EchoEndpoint.INSTANCE, live));
        }
        String chatPath = c.get(WsKeys.CHAT_PATH);
        WebChat chat = null;
        if (!chatPath.isEmpty()) {
            try {
                chat = WebChat.start(c);
            } catch (StartupException | RuntimeException e) {
                live.stop();
                throw e;
            }
            WebSocketRoute socket = new WebSocketRoute(settings, c.get(WsKeys.ALLOWED_ORIGINS), c.get(WsKeys.DEFLATE),
                    List.of(WebChat.SUBPROTOCOL), chat::newEndpoint, live);
            chat.routes(chatPath, socket).forEach(routes::put);
        }
        return new WsMount(Map.copyOf(routes), live, chat);
    }

    private record WsMount(Map<String, Route> routes, LiveSockets live, WebChat chat) implements Mount {

        @Override
        public Optional<Route> route(String rawPath) {
            return Optional.ofNullable(routes.get(rawPath));
        }

        @Override
        public void draining() {
            live.goingAway();
            if (chat != null) {
                chat.draining();
            }
        }

        @Override
        public void close() {
            live.stop();
            if (chat != null) {
                chat.close();
            }
        }
    }
}
