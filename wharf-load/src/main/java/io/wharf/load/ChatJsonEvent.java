package io.wharf.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The load's view of one JSON event of wharf's browser chat (see the README's "The chat's JSON messages"):
 * {@code {"type":"message","room":R,"text":T,"action":false,...}} is a chat message, {@code error} an error,
 * {@code current} with the client's room says it is in, the others notices. Fields may come in any order; the
 * room and text are kept as ASCII bytes (anything else becomes {@code ?}, which no payload contains).
 *
 * <p>Threading: an instance holds the last parsed event; one per client, on its load thread.
 */
final class ChatJsonEvent implements ChatHeard {

    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_ROOM = 256;

    private final byte[] room = new byte[MAX_ROOM];
    private final byte[] text;
    private byte[] raw;
    private int rawLength;
    private Kind kind = Kind.OTHER;
    private boolean current;
    private int roomLength;
    private int textLength;

    ChatJsonEvent(int textCapacity) {
        this.text = new byte[textCapacity];
    }

    /** Reads the event in {@code bytes[0, length)} ({@code cut}: only its start was kept, so it is OTHER). */
    Kind parse(byte[] bytes, int length, boolean cut) {
        raw = bytes;
        rawLength = length;
        roomLength = -1;
        textLength = -1;
        current = false;
        kind = Kind.OTHER;
        if (cut) {
            return kind;
        }
        String type = null;
        boolean action = false;
        try (JsonParser p = JSON.createParser(bytes, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return kind;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                boolean string = value == JsonToken.VALUE_STRING;
                switch (field) {
                    case "type" -> type = string ? p.getText() : null;
                    case "room" -> roomLength = string ? ascii(p, room) : -1;
                    case "text" -> textLength = string ? ascii(p, text) : -1;
                    case "action" -> action = value == JsonToken.VALUE_TRUE;
                    default -> p.skipChildren();
                }
            }
        } catch (IOException notJson) {
            return kind;
        }
        kind = classify(type, action);
        current = "current".equals(type);
        return kind;
    }

    private Kind classify(String type, boolean action) {
        if (type == null) {
            return Kind.OTHER;
        }
        return switch (type) {
            case "message" -> action || roomLength < 0 || textLength < 0 ? Kind.OTHER : Kind.CHAT;
            case "error" -> Kind.ERROR;
            case "connected", "current", "joined", "parted", "nick", "quit", "topic", "history", "rooms",
                 "members" -> Kind.NOTICE;
            default -> Kind.OTHER;
        };
    }

    /** The current string value into {@code into} as ASCII, cut to its length; returns how many bytes. */
    private static int ascii(JsonParser p, byte[] into) throws IOException {
        char[] chars = p.getTextCharacters();
        int from = p.getTextOffset();
        int n = Math.min(p.getTextLength(), into.length);
        for (int i = 0; i < n; i++) {
            char c = chars[from + i];
            into[i] = c < 0x80 ? (byte) c : (byte) '?';
        }
        return n;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public boolean nowIn(byte[] name) {
        return current && inRoom(name);
    }

    /** A full server refuses the upgrade itself (a 503), so no event says so. */
    @Override
    public boolean busy() {
        return false;
    }

    @Override
    public boolean inRoom(byte[] name) {
        return roomLength == name.length && java.util.Arrays.equals(room, 0, roomLength, name, 0, name.length);
    }

    @Override
    public byte[] text() {
        return text;
    }

    @Override
    public int textFrom() {
        return 0;
    }

    @Override
    public int textTo() {
        return Math.max(0, textLength);
    }

    @Override
    public byte[] raw() {
        return raw;
    }

    @Override
    public int rawLength() {
        return rawLength;
    }
}
