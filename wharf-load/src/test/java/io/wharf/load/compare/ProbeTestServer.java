package io.wharf.load.compare;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in server for {@link IdleProbeTest}, run as a process of its own: {@code <port> cap N} holds N
 * connections at once and answers the rest with a busy line, as wharf does past max_connections;
 * {@code <port> never} listens and accepts nothing (an iterative server busy with someone else); {@code <port>
 * all} accepts everything it can, waiting out a lack of descriptors.
 */
public final class ProbeTestServer {

    private ProbeTestServer() {
    }

    public static void main(String[] args) throws Exception {
        ServerSocket listener = new ServerSocket(Integer.parseInt(args[0]), 4096, InetAddress.getLoopbackAddress());
        System.out.println("listening on " + listener.getLocalPort());
        if (args[1].equals("never")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        int cap = args[1].equals("cap") ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
        AtomicInteger live = new AtomicInteger();
        while (true) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                Thread.sleep(50); // out of descriptors: the rest wait in the backlog
                continue;
            }
            if (live.get() >= cap) {
                s.getOutputStream().write(("server busy: too many connections (max_connections=" + cap + ")\n")
                        .getBytes(StandardCharsets.UTF_8));
                s.close();
                continue;
            }
            live.incrementAndGet();
            Thread.ofVirtual().start(() -> {
                try (s; InputStream in = s.getInputStream()) {
                    while (in.read() >= 0) {
                        // idle until the client closes
                    }
                } catch (IOException ignored) {
                    // the client went away
                } finally {
                    live.decrementAndGet();
                }
            });
        }
    }
}
