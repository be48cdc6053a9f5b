package io.wharf.load;

import java.nio.charset.StandardCharsets;

/**
 * The load's view of wharf chat's line protocol (see {@code io.wharf.chat.line.LineFormat}): classifies a line
 * from the server and, for a chat message, finds its room and text. A chat message is
 * {@code HH:mm:ss [room] nick: text} (a date in front when replayed from an earlier day); notices start with
 * {@code * }, errors with {@code ! }; joining a room is {@code * now talking in ROOM}; a full server says
 * {@code ! server busy ...}.
 *
 * <p>Threading: an instance holds the last parsed line's fields; one per load thread. Allocates nothing.
 */
final class ChatLine implements ChatHeard {

    private static final byte[] NOW_IN = "* now talking in ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BUSY = "! server busy".getBytes(StandardCharsets.US_ASCII);

    private byte[] line;
    private int length;
    private Kind kind;
    private int roomFrom;
    private int roomTo;
    private int textFrom;

    /** Classifies {@code line[0, length)} (an overflowed line is {@link Kind#OTHER}); returns the kind. */
    Kind parse(byte[] bytes, int n, boolean overflowed) {
        line = bytes;
        length = n;
        kind = overflowed ? Kind.OTHER : classify(bytes, n);
        return kind;
    }

    private Kind classify(byte[] bytes, int n) {
        if (n >= 2 && bytes[1] == ' ' && (bytes[0] == '*' || bytes[0] == '!')) {
            return bytes[0] == '*' ? Kind.NOTICE : Kind.ERROR;
        }
        if (n == 0 || bytes[0] < '0' || bytes[0] > '9') {
            return Kind.OTHER;
        }
        int open = indexOf(0, '[');
        if (open < 1 || bytes[open - 1] != ' ') {
            return Kind.OTHER;
        }
        int close = indexOf(open + 1, ']');
        if (close < 0 || close + 1 >= n || bytes[close + 1] != ' ') {
            return Kind.OTHER;
        }
        roomFrom = open + 1;
        roomTo = close;
        int colon = close + 2;
        while (colon + 1 < n && !(bytes[colon] == ':' && bytes[colon + 1] == ' ')) {
            if (bytes[colon] == ' ') {
                return Kind.OTHER; // an action ("* nick waves") or a private message: not a plain message
            }
            colon++;
        }
        if (colon + 1 >= n || colon == close + 2) {
            return Kind.OTHER;
        }
        textFrom = colon + 2;
        return Kind.CHAT;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public boolean nowIn(byte[] room) {
        return kind == Kind.NOTICE && length == NOW_IN.length + room.length && regionEquals(0, NOW_IN.length, NOW_IN)
                && regionEquals(NOW_IN.length, length, room);
    }

    @Override
    public boolean busy() {
        return kind == Kind.ERROR && length >= BUSY.length && regionEquals(0, BUSY.length, BUSY);
    }

    @Override
    public boolean inRoom(byte[] room) {
        return regionEquals(roomFrom, roomTo, room);
    }

    @Override
    public byte[] text() {
        return line;
    }

    @Override
    public int textFrom() {
        return textFrom;
    }

    @Override
    public int textTo() {
        return length;
    }

    @Override
    public byte[] raw() {
        return line;
    }

    @Override
    public int rawLength() {
        return length;
    }

    private int indexOf(int from, char c) {
        for (int i = from; i < length; i++) {
            if (line[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private boolean regionEquals(int from, int to, byte[] expected) {
        if (to - from != expected.length || to > length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (line[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
