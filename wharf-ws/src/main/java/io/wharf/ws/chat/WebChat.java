package io.wharf.ws.chat;

import io.wharf.chat.ChatDomain;
import io.wharf.chat.ChatKeys;
import io.wharf.chat.domain.ChatEvent;
import io.wharf.chat.domain.ChatHub;
import io.wharf.core.StartupException;
import io.wharf.core.config.Config;
import io.wharf.core.spi.SharedState;
import io.wharf.http.spi.Route;
import io.wharf.ws.Frame;
import io.wharf.ws.WebSocketEndpoint;

import java.util.Map;
import java.util.function.Function;

/**
 * The chat for browsers on one HTTP listener: the page at {@code ws_chat_path} and the WebSocket at the same
 * path, in the rooms of the process's chat for the same {@code [chat] database} ({@link ChatDomain}), so
 * telnet users on a chat listener and browser users talk together.
 *
 * <p>Threading: endpoints are made concurrently; the frame cache is used on the hub thread only.
 */
public final class WebChat {

    /** The subprotocol a client may ask for; the chat answers without one too. */
    public static final String SUBPROTOCOL = "wharf-chat.v1";

    private final SharedState.Lease<ChatHub> hub;
    private final int maxLine;
    private final int rate;
    private final int burst;
    private final Function<ChatEvent, Frame> frames = new EncodeOnce();

    private WebChat(SharedState.Lease<ChatHub> hub, int maxLine, int rate, int burst) {
        this.hub = hub;
        this.maxLine = maxLine;
        this.rate = rate;
        this.burst = burst;
    }

    public static WebChat start(Config config) throws StartupException {
        return new WebChat(ChatDomain.share(config), Math.toIntExact(config.get(ChatKeys.MAX_LINE)),
                config.get(ChatKeys.MESSAGE_RATE),
                config.get(ChatKeys.MESSAGE_BURST));
    }

    public WebSocketEndpoint newEndpoint() {
        return new ChatEndpoint(hub.value(), maxLine, rate, burst, frames);
    }

    /** The page and its assets under {@code path}; the page's path also takes the WebSocket. */
    public Map<String, Route> routes(String path, Route socket) {
        return ChatPage.routes(path, socket);
    }

    /** The listener's drain began: its users are told and their sessions end. */
    public void draining() {
        hub.value().endAll("server shutting down");
    }

    public void close() {
        hub.close();
    }
}
