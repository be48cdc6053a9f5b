package io.wharf.kv.command;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * MONITOR's feed, as Redis's {@code replicationFeedMonitors}: after each command (not the admin ones), a status
 * line {@code +<seconds>.<micros> [<db> <addr>] "arg" ...} to every monitoring client, each argument quoted as
 * {@code sdscatrepr} quotes it. Stateless; called under the key space's lock, the lines are sent after it.
 */
final class Monitor {

    private Monitor() {
    }

    static void feed(Session s, List<byte[]> args) {
        java.time.Instant now = java.time.Instant.now();
        StringBuilder line = new StringBuilder("+");
        line.append(now.getEpochSecond()).append('.').append(String.format("%06d", now.getNano() / 1000)).append(" [")
                .append(s.db().index()).append(' ').append(ClientCommands.addr(s.address())).append("] ");
        for (int i = 0; i < args.size(); i++) {
            repr(line, args.get(i));
            if (i < args.size() - 1) {
                line.append(' ');
            }
        }
        line.append("\r\n");
        byte[] bytes = line.toString().getBytes(StandardCharsets.ISO_8859_1);
        for (Session m : s.state().monitors()) {
            s.state().deliverLater(new PubSub.Delivery(m, ByteBuffer.wrap(bytes).asReadOnlyBuffer()));
        }
    }

    /** {@code sdscatrepr}: quoted, with C escapes for quotes, backslashes and control bytes. */
    static void repr(StringBuilder out, byte[] b) {
        out.append('"');
        for (byte x : b) {
            int c = x & 0xff;
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                default -> {
                    if (c >= 32 && c < 127) {
                        out.append((char) c);
                    } else {
                        out.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        out.append('"');
    }
}
