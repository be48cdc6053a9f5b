package io.wharf.balance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One active health check of one backend, with blocking sockets bounded by the check timeout (it runs on a
 * virtual thread of its own). Returns null when healthy, else one line saying why not.
 *
 * <p>Threading: stateless; {@link #run} may be called from many threads at once.
 */
final class HealthProbe {

    /** Longest reply line read; a healthy reply's first line is short. */
    private static final int MAX_LINE = 1024;

    private HealthProbe() {
    }

    static String run(HealthSettings s, InetSocketAddress address) {
        int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, s.timeout().toMillis()));
        long deadline = System.nanoTime() + s.timeout().toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(address, timeout);
            if (s.check().equals("tcp")) {
                return null;
            }
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(s.proxyHeader()); // a backend with accept_proxy wants one first, even from its balancer
            switch (s.check()) {
                case "http" -> {
                    out.write(("GET " + s.path() + " HTTP/1.1\r\nHost: " + address.getHostString()
                            + "\r\nUser-Agent: wharf-balance-check\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    String line = readLine(socket, in, deadline);
                    String[] parts = line.split(" ", 3);
                    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                        return "not an HTTP response: '" + line + "'";
                    }
                    return parts[1].equals(Integer.toString(s.status())) ? null
                            : "HTTP status " + parts[1] + ", expected " + s.status();
                }
                case "redis" -> {
                    out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                    String line = readLine(socket, in, deadline);
                    return line.equals("+PONG") ? null : "PING answered '" + line + "'";
                }
                default -> {
                    out.write((s.send() + "\r\n").getBytes(StandardCharsets.UTF_8));
                    String line = readLine(socket, in, deadline);
                    return line.startsWith(s.expect()) ? null
                            : "answered '" + line + "', expected '" + s.expect() + "...'";
                }
            }
        } catch (SocketTimeoutException e) {
            return "no answer within " + s.timeout().toMillis() + "ms";
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /** The first line of the reply, without CR LF, read before {@code deadline}. */
    private static String readLine(Socket socket, InputStream in, long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        for (;;) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("check timeout");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int b = in.read();
            if (b < 0) {
                if (line.isEmpty()) {
                    throw new IOException("closed without a reply");
                }
                return line.toString();
            }
            if (b == '\n') {
                int n = line.length();
                return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
            }
            if (line.length() < MAX_LINE) {
                line.append((char) b);
            }
        }
    }
}
