package io.wharf.load;

import java.nio.ByteBuffer;

/**
 * One failed reply as the report shows it, so "wrong reply 22" comes with what the server said: the HTTP status,
 * the echoed line, or the reply's first bytes, made printable and cut short. Immutable.
 */
public record FailureExample(FailureKind kind, String reply) {

    /** How many distinct examples a report keeps. */
    public static final int MAX_KEPT = 3;

    /** How much of a reply is quoted. */
    public static final int MAX_CHARS = 60;

    /** {@code bytes[from, to)} as text: printable ASCII as it is, {@code \r \n \t}, others as {@code \xHH}. */
    public static String quote(byte[] bytes, int from, int to) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = from; i < to; i++) {
            if (b.length() > MAX_CHARS) {
                return b.append("…\"").toString();
            }
            int c = bytes[i] & 0xff;
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '"', '\\' -> b.append('\\').append((char) c);
                default -> b.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
            }
        }
        return b.append('"').toString();
    }

    /** {@code in}'s bytes from 0 to its limit: the whole of the read that held the reply. */
    static String quote(ByteBuffer in) {
        byte[] bytes = new byte[Math.min(in.limit(), MAX_CHARS + 1)];
        in.get(0, bytes);
        return quote(bytes, 0, bytes.length);
    }
}
