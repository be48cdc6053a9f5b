package io.wharf.ws.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.chat.domain.Session;

import java.time.Duration;

/**
 * The JSON requests a browser sends, one per text message, turned into calls on its {@link Session}:
 * {@code {"type":"say","text":"hi"}}, {@code {"type":"join","room":"dev"}}, ... (the README lists them). A
 * request that is not an object with a known {@code type} and its fields is answered with an {@code error}
 * naming what is wrong; nothing is thrown. Threading: stateless.
 */
final class ChatRequests {

    private static final int MAX_MUTE_MINUTES = 7 * 24 * 60;

    private ChatRequests() {
    }

    /** Runs one request; false when it was {@code quit} (the session is then ending). */
    static boolean execute(Session s, JsonNode r) {
        String type = r.path("type").asText("");
        switch (type) {
            case "say" -> s.say(need(r, "text"));
            case "me" -> s.act(need(r, "text"));
            case "msg" -> s.privateMessage(need(r, "to"), need(r, "text"));
            case "nick" -> s.changeNick(need(r, "nick"));
            case "join" -> s.join(need(r, "room"));
            case "part" -> {
                if (r.hasNonNull("room")) {
                    s.part(need(r, "room"));
                } else {
                    s.part();
                }
            }
            case "rooms" -> s.listRooms();
            case "who" -> s.listMembers();
            case "whois" -> s.whois(need(r, "nick"));
            case "topic" -> {
                if (r.hasNonNull("topic")) {
                    s.setTopic(need(r, "topic"));
                } else {
                    s.showTopic();
                }
            }
            case "history" -> s.history(r.has("count") ? count(r, "count", 1, 100_000) : 0);
            case "register" -> s.register(need(r, "name"), need(r, "password").toCharArray());
            case "login" -> s.login(need(r, "name"), need(r, "password").toCharArray());
            case "kick" -> {
                if (r.hasNonNull("reason")) {
                    s.kick(need(r, "nick"), need(r, "reason"));
                } else {
                    s.kick(need(r, "nick"));
                }
            }
            case "ban" -> {
                if (r.hasNonNull("reason")) {
                    s.ban(need(r, "nick"), need(r, "reason"));
                } else {
                    s.ban(need(r, "nick"));
                }
            }
            case "unban" -> s.unban(need(r, "who"));
            case "bans" -> s.listBans();
            case "mute" -> {
                if (r.has("minutes")) {
                    s.mute(need(r, "nick"), Duration.ofMinutes(count(r, "minutes", 0, MAX_MUTE_MINUTES)));
                } else {
                    s.mute(need(r, "nick"));
                }
            }
            case "broadcast" -> s.broadcast(need(r, "text"));
            case "quit" -> {
                s.quit(r.path("reason").asText("quit"));
                return false;
            }
            default -> throw new BadRequest(type.isEmpty() ? "a request needs a \"type\""
                    : "unknown request type \"" + type + "\"");
        }
        return true;
    }

    /** A string field that must be there and not blank. */
    private static String need(JsonNode r, String field) {
        JsonNode v = r.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new BadRequest("\"" + r.path("type").asText() + "\" needs a text field \"" + field + "\"");
        }
        String text = clean(v.asText());
        if (text.isEmpty()) {
            throw new BadRequest("\"" + r.path("type").asText() + "\" needs a text field \"" + field + "\"");
        }
        return text;
    }

    /** Control characters would let a web user redraw telnet users' terminals: tabs become spaces, the rest go. */
    static String clean(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t') {
                b.append(' ');
            } else if (!(c < 0x20 || (c >= 0x7F && c < 0xA0))) {
                b.append(c);
            }
        }
        return b.toString().strip();
    }

    private static int count(JsonNode r, String field, int min, int max) {
        JsonNode v = r.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            throw new BadRequest("\"" + field + "\" must be a whole number from " + min + " to " + max);
        }
        return v.asInt();
    }

    /** What is wrong with a request, for its error answer. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
