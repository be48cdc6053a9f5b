package io.wharf.core.model.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The one line a waiting child gets on its control channel (stdin) when a connection takes it:
 * {@code wharf-conn <id> <remote> <local> relay|socket}. {@code relay}: the client's bytes follow on stdin and
 * its replies go to stdout; {@code socket}: the client's socket itself comes over the child's Unix-domain
 * control socket ({@link FdPassing}). A child whose stdin ends before the line has been retired (or its
 * parent died) and exits. Immutable.
 */
record Assignment(long id, InetSocketAddress remote, InetSocketAddress local, boolean socket) {

    private static final String PREFIX = "wharf-conn ";
    private static final int MAX_LINE = 512;

    static String line(long id, String remote, String local, boolean socket) {
        return PREFIX + id + " " + remote + " " + local + (socket ? " socket" : " relay") + "\n";
    }

    /**
     * Reads the line byte by byte, so nothing of the client's bytes behind it is consumed. Null at end of
     * stream before a line: the child is not wanted.
     *
     * @throws IOException if what arrives is not an assignment (nothing but the parent writes there)
     */
    static Assignment read(InputStream in) throws IOException {
        String line = readLine(in, MAX_LINE, "assignment line");
        return line == null ? null : parse(line);
    }

    /**
     * One line of at most {@code max} bytes, read byte by byte so nothing behind it is consumed; null at end of
     * stream before its first byte.
     */
    static String readLine(InputStream in, int max, String what) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                if (sb.isEmpty()) {
                    return null;
                }
                throw new IOException("control channel ended inside the " + what);
            }
            if (sb.length() >= max) {
                throw new IOException(what + " longer than " + max + " bytes");
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    static Assignment parse(String line) throws IOException {
        String[] f = line.startsWith(PREFIX) ? line.substring(PREFIX.length()).split(" ") : new String[0];
        if (f.length != 4 || !(f[3].equals("relay") || f[3].equals("socket"))) {
            throw new IOException("not an assignment line: " + line);
        }
        try {
            return new Assignment(Long.parseLong(f[0]), Relay.parse(f[1]), Relay.parse(f[2]), f[3].equals("socket"));
        } catch (RuntimeException e) {
            throw new IOException("bad assignment line: " + line, e);
        }
    }
}
