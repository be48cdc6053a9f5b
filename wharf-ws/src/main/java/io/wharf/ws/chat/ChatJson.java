package io.wharf.ws.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.chat.domain.ChatEvent;
import io.wharf.chat.domain.ChatMessage;
import io.wharf.chat.domain.ChatStore;

import java.time.Instant;
import java.util.Locale;

/**
 * The chat's events as JSON objects, one per WebSocket text message, each with a {@code type} (the README lists
 * them all): {@code {"type":"message","id":7,"room":"lobby","nick":"ann","text":"hi","action":false,
 * "time":"2026-12-01T12:00:00Z"}}. Times are ISO-8601 instants in UTC. Threading: stateless; the mapper is
 * thread-safe.
 */
final class ChatJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ChatJson() {
    }

    static byte[] encode(ChatEvent event) {
        ObjectNode o = MAPPER.createObjectNode();
        switch (event) {
            case ChatEvent.Connected e -> o.put("type", "connected").put("nick", e.nick());
            case ChatEvent.Said e -> message(o.put("type", "message"), e.message());
            case ChatEvent.Private e -> o.put("type", "private").put("from", e.from()).put("to", e.to())
                    .put("text", e.text()).put("time", time(e.time()));
            case ChatEvent.Joined e -> o.put("type", "joined").put("room", e.room()).put("nick", e.nick());
            case ChatEvent.Parted e -> o.put("type", "parted").put("room", e.room()).put("nick", e.nick());
            case ChatEvent.NickChanged e -> o.put("type", "nick").put("from", e.from()).put("to", e.to());
            case ChatEvent.Quit e -> o.put("type", "quit").put("nick", e.nick()).put("reason", e.reason());
            case ChatEvent.Current e -> o.put("type", "current").put("room", e.room());
            case ChatEvent.Topic e -> o.put("type", "topic").put("room", e.room()).put("topic", e.topic())
                    .put("by", e.by()).put("changed", e.changed());
            case ChatEvent.Rooms e -> {
                ArrayNode a = o.put("type", "rooms").putArray("rooms");
                e.rooms().forEach(r -> a.addObject().put("name", r.name()).put("members", r.members())
                        .put("topic", r.topic()));
            }
            case ChatEvent.Members e -> {
                ArrayNode a = o.put("type", "members").put("room", e.room()).putArray("members");
                e.members().forEach(m -> a.addObject().put("nick", m.nick()).put("admin", m.admin()));
            }
            case ChatEvent.Whois e -> {
                o.put("type", "whois").put("nick", e.nick()).put("account", e.account()).put("admin", e.admin())
                        .put("connected", time(e.connected())).put("idleSeconds", e.idle().toSeconds())
                        .put("address", e.address());
                ArrayNode a = o.putArray("rooms");
                e.rooms().forEach(a::add);
            }
            case ChatEvent.History e -> {
                o.put("type", "history").put("room", e.room()).put("replay", e.replay().name().toLowerCase(Locale.ROOT));
                ArrayNode a = o.putArray("messages");
                e.messages().forEach(m -> message(a.addObject(), m));
            }
            case ChatEvent.Broadcast e -> o.put("type", "broadcast").put("from", e.from()).put("text", e.text())
                    .put("time", time(e.time()));
            case ChatEvent.Registered e -> o.put("type", "registered").put("account", e.account());
            case ChatEvent.LoggedIn e -> o.put("type", "loggedIn").put("account", e.account())
                    .put("lastSeen", e.lastSeen() == null ? null : time(e.lastSeen()));
            case ChatEvent.Moderated e -> o.put("type", "moderated").put("action", e.action().verb())
                    .put("target", e.target()).put("by", e.by()).put("detail", e.detail());
            case ChatEvent.Bans e -> {
                ArrayNode a = o.put("type", "bans").putArray("bans");
                for (ChatStore.Ban b : e.bans()) {
                    a.addObject().put("name", b.name()).put("address", b.address()).put("by", b.by())
                            .put("time", time(b.time())).put("reason", b.reason());
                }
            }
            case ChatEvent.Failure e -> o.put("type", "error").put("reason", e.reason().name()).put("message", e.message());
            case ChatEvent.Disconnected e -> o.put("type", "disconnected").put("reason", e.reason());
            case ChatEvent.Echo e -> {
                return (byte[]) e.payload(); // the endpoint's own answer, encoded already
            }
        }
        return bytes(o);
    }

    /** A notice of the endpoint's own: {@code {"type":"error","reason":"FLOOD","message":"..."}}. */
    static byte[] error(String reason, String message) {
        return bytes(MAPPER.createObjectNode().put("type", "error").put("reason", reason).put("message", message));
    }

    static byte[] notice(String message) {
        return bytes(MAPPER.createObjectNode().put("type", "notice").put("message", message));
    }

    private static void message(ObjectNode o, ChatMessage m) {
        o.put("id", m.id()).put("room", m.room()).put("nick", m.nick()).put("text", m.text())
                .put("action", m.action()).put("time", time(m.time()));
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    private static byte[] bytes(ObjectNode o) {
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
