package io.wharf.ws.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.chat.domain.ChatEvent;
import io.wharf.chat.domain.ChatHub;
import io.wharf.chat.domain.ChatSink;
import io.wharf.chat.domain.FloodGate;
import io.wharf.chat.domain.Session;
import io.wharf.ws.Frame;
import io.wharf.ws.WebSocket;
import io.wharf.ws.WebSocketEndpoint;
import io.wharf.ws.codec.CloseCodes;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * One browser in the chat: JSON requests in ({@link ChatRequests}), past the {@link FloodGate}, to its
 * {@link Session}; the session's events out as JSON text messages ({@link ChatJson}), through a frame cache
 * shared by the listener's sockets so that one message to a room is encoded once for all its members. The
 * session's last event ({@code disconnected}) closes the socket with 1000.
 *
 * <p>Threading: the endpoint callbacks run on the connection's thread; the sink runs on the chat's hub thread
 * and only sends, which never blocks.
 */
final class ChatEndpoint implements WebSocketEndpoint {

    /** JSON around the text: what a request may add to {@code [chat] max_line}. */
    private static final int ENVELOPE = 512;

    private final ChatHub hub;
    private final FloodGate flood;
    private final int maxLine;
    /** The listener's encoder, caching the last event's frame: called on the hub thread only. */
    private final Function<ChatEvent, Frame> frames;
    private Session session;
    private boolean done;

    /** @param maxLine {@code [chat] max_line}: a request's text may be as long as a telnet user's line */
    ChatEndpoint(ChatHub hub, int maxLine, int rate, int burst, Function<ChatEvent, Frame> frames) {
        this.hub = hub;
        this.maxLine = maxLine;
        this.flood = new FloodGate(rate, burst, System.nanoTime());
        this.frames = frames;
    }

    @Override
    public void onOpen(WebSocket socket) {
        ChatSink sink = event -> {
            socket.send(frames.apply(event));
            if (event instanceof ChatEvent.Disconnected d) {
                socket.close(CloseCodes.NORMAL, d.reason());
            }
        };
        session = hub.connect(sink, socket.remoteAddress().getAddress().getHostAddress());
    }

    @Override
    public void onMessage(WebSocket socket, boolean text, ByteBuffer payload) {
        if (done || !admitted()) {
            return;
        }
        if (!text) {
            session.echo(ChatJson.error("BAD_REQUEST", "requests are JSON text messages"));
            return;
        }
        if (payload.remaining() > maxLine + ENVELOPE) {
            session.echo(ChatJson.error("TOO_LONG", "request too long (text up to " + maxLine + " bytes): not sent"));
            return;
        }
        JsonNode request;
        try {
            request = ChatJson.MAPPER.readTree(payload.array(), payload.arrayOffset() + payload.position(),
                    payload.remaining());
        } catch (JsonProcessingException e) {
            session.echo(ChatJson.error("BAD_REQUEST", "not JSON: " + e.getOriginalMessage()));
            return;
        } catch (java.io.IOException e) {
            session.echo(ChatJson.error("BAD_REQUEST", "not JSON"));
            return;
        }
        if (request == null || !request.isObject()) {
            session.echo(ChatJson.error("BAD_REQUEST", "a request is a JSON object with a \"type\""));
            return;
        }
        try {
            done = !ChatRequests.execute(session, request);
        } catch (ChatRequests.BadRequest e) {
            session.echo(ChatJson.error("BAD_REQUEST", e.getMessage()));
        }
    }

    /** Counts a request against the flood limit; false when it is to be dropped. */
    private boolean admitted() {
        switch (flood.check(System.nanoTime())) {
            case PASS -> {
                return true;
            }
            case WARN -> session.echo(ChatJson.error("FLOOD", "slow down: you are sending too fast; "
                    + "messages are being dropped"));
            case DROP -> {
            }
            case DISCONNECT -> {
                done = true;
                session.quit("flooding");
            }
        }
        return false;
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason) {
        if (session != null) {
            session.closed();
        }
    }
}
