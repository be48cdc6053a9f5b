package io.wharf.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The text a chat load client sends, whatever the wire: {@code wl:TOKEN SENDER SEQUENCE SENT} then padding. The
 * run's token (so text of another run or person is told apart), the sender's client id, its message number from
 * 0, and the {@link System#nanoTime()} it was meant to be sent at (sender and receivers share this process's
 * clock). {@link #parse} reads it back from a received message's text.
 *
 * <p>Threading: an instance holds the last parsed payload's fields; one per load thread. Allocates nothing.
 */
final class ChatPayload {

    /** What {@link #parse} found in a chat message's text. */
    enum Found { OURS, FOREIGN, CORRUPT }

    private static final byte[] MARK = "wl:".getBytes(StandardCharsets.US_ASCII);

    int sender;
    long sequence;
    long sent;

    /** Reads {@code text[from, to)} into {@link #sender}, {@link #sequence} and {@link #sent} when it is ours. */
    Found parse(byte[] text, int from, int to, byte[] token) {
        int at = from;
        if (!regionEquals(text, at, to, MARK) || !regionEquals(text, at + MARK.length, to, token)) {
            return Found.FOREIGN;
        }
        at += MARK.length + token.length;
        if (at >= to || text[at] != ' ') {
            return Found.FOREIGN; // a longer token that merely starts with ours
        }
        long[] fields = {0, 0, 0};
        for (int f = 0; f < 3; f++) {
            if (at >= to || text[at++] != ' ') {
                return Found.CORRUPT;
            }
            boolean negative = at < to && text[at] == '-' && f == 2;
            if (negative) {
                at++;
            }
            int start = at;
            long v = 0;
            while (at < to && text[at] >= '0' && text[at] <= '9' && at - start < 19) {
                v = v * 10 + (text[at++] - '0');
            }
            if (at == start) {
                return Found.CORRUPT;
            }
            fields[f] = negative ? -v : v;
        }
        if ((at < to && text[at] != ' ') || fields[0] > Integer.MAX_VALUE) {
            return Found.CORRUPT;
        }
        sender = (int) fields[0];
        sequence = fields[1];
        sent = fields[2];
        return Found.OURS;
    }

    /**
     * Writes one payload, padded with 'x' to {@code size} bytes, into {@code out}, which must have room for
     * {@link #maxLength(int, int)} bytes.
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
    }

    /** The longest payload {@link #write} makes. */
    static int maxLength(int tokenLength, int size) {
        return Math.max(size, MARK.length + tokenLength + 3 + 10 + 19 + 20);
    }

    private static void decimal(ByteBuffer out, long v) {
        if (v >= 10) {
            decimal(out, v / 10);
        }
        out.put((byte) ('0' + v % 10));
    }

    /** Does {@code text[from, ...)} start with {@code expected}, within {@code to}? */
    private static boolean regionEquals(byte[] text, int from, int to, byte[] expected) {
        if (from + expected.length > to) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (text[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
