package io.wharf.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The load's view of wharf chat's line protocol (see {@code io.wharf.chat.line.LineFormat}): classifies a line
 * from the server and, for a chat message, finds its room and reads the load's payload out of its text; and
 * writes that payload. A chat message is {@code HH:mm:ss [room] nick: text} (a date in front when replayed from
 * an earlier day); notices start with {@code * }, errors with {@code ! }.
 *
 * <p>The payload is {@code wl:TOKEN SENDER SEQUENCE SENT} then padding: the run's token (so lines of another
 * run or person are told apart), the sender's client id, its message number from 0, and the
 * {@link System#nanoTime()} it was meant to be sent at (sender and receivers share this process's clock).
 *
 * <p>Threading: an instance holds the last parsed line's fields; one per load thread. Allocates nothing.
 */
final class ChatLine {

    enum Kind { NOTICE, ERROR, CHAT, OTHER }

    /** What {@link #payload} found in a chat message's text. */
    enum Payload { OURS, FOREIGN, CORRUPT }

    private static final byte[] MARK = "wl:".getBytes(StandardCharsets.US_ASCII);

    private byte[] line;
    private int length;
    private int roomFrom;
    private int roomTo;
    private int textFrom;
    int sender;
    long sequence;
    long sent;

    /** Classifies {@code line[0, length)}; for {@link Kind#CHAT}, remembers where its room and text are. */
    Kind parse(byte[] bytes, int n) {
        line = bytes;
        length = n;
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

    /** Is the last chat message's room {@code room}? */
    boolean inRoom(byte[] room) {
        return regionEquals(roomFrom, roomTo, room);
    }

    /** Does the last line start with {@code prefix}? */
    boolean startsWith(byte[] prefix) {
        return length >= prefix.length && regionEquals(0, prefix.length, prefix);
    }

    /** Does the last line equal {@code whole}? */
    boolean is(byte[] whole) {
        return length == whole.length && regionEquals(0, length, whole);
    }

    /** Reads the payload of the last chat message into {@link #sender}, {@link #sequence}, {@link #sent}. */
    Payload payload(byte[] token) {
        int at = textFrom;
        if (!regionEquals(at, at + MARK.length, MARK)
                || !regionEquals(at + MARK.length, at + MARK.length + token.length, token)) {
            return Payload.FOREIGN;
        }
        at += MARK.length + token.length;
        if (at >= length || line[at] != ' ') {
            return Payload.FOREIGN; // a longer token that merely starts with ours
        }
        long[] fields = {0, 0, 0};
        for (int f = 0; f < 3; f++) {
            if (at >= length || line[at++] != ' ') {
                return Payload.CORRUPT;
            }
            boolean negative = at < length && line[at] == '-' && f == 2;
            if (negative) {
                at++;
            }
            int start = at;
            long v = 0;
            while (at < length && line[at] >= '0' && line[at] <= '9' && at - start < 19) {
                v = v * 10 + (line[at++] - '0');
            }
            if (at == start) {
                return Payload.CORRUPT;
            }
            fields[f] = negative ? -v : v;
        }
        if ((at < length && line[at] != ' ') || fields[0] > Integer.MAX_VALUE) {
            return Payload.CORRUPT;
        }
        sender = (int) fields[0];
        sequence = fields[1];
        sent = fields[2];
        return Payload.OURS;
    }

    /**
     * Writes one message line (payload, padding to {@code size} bytes of text, LF) into {@code out}, which must
     * have room for {@link #maxLine(int, int)} bytes.
     */
    static void write(ByteBuffer out, byte[] token, int sender, long sequence, long sent, int size) {
        int start = out.position();
        out.put(MARK).put(token).put((byte) ' ');
        decimal(out, sender);
        out.put((byte) ' ');
        decimal(out, sequence);
        out.put((byte) ' ');
        if (sent < 0) {
            out.put((byte) '-');
            decimal(out, -sent);
        } else {
            decimal(out, sent);
        }
        if (out.position() - start < size) {
            out.put((byte) ' ');
        }
        while (out.position() - start < size) {
            out.put((byte) 'x');
        }
        out.put((byte) '\n');
    }

    /** The longest line {@link #write} makes. */
    static int maxLine(int tokenLength, int size) {
        return Math.max(size, MARK.length + tokenLength + 3 + 10 + 19 + 20) + 1;
    }

    private static void decimal(ByteBuffer out, long v) {
        if (v >= 10) {
            decimal(out, v / 10);
        }
        out.put((byte) ('0' + v % 10));
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
