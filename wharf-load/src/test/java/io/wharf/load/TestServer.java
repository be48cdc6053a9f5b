package io.wharf.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A blocking test server, one thread per client, whose every client gets the same {@link Behaviour}. */
public final class TestServer implements AutoCloseable {

    /** What the server does with one client; runs on that client's own thread. */
    @FunctionalInterface
    public interface Behaviour {
        void serve(Socket client) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;

    public TestServer(Behaviour behaviour) throws IOException {
        socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Thread.ofPlatform().daemon().start(() -> {
                        try (client) {
                            behaviour.serve(client);
                        } catch (IOException | InterruptedException ignored) {
                            // the client went away: the test looks at what the generator counted
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Echoes every byte, XOR {@code flip} (0: faithfully); line ends pass unchanged, so lines stay lines. */
    public static Behaviour echo(int flip) {
        return client -> {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    buf[i] ^= buf[i] == '\n' ? 0 : (byte) flip;
                }
                out.write(buf, 0, n);
            }
        };
    }

    /** Reads one request's first bytes, then answers every read with {@code reply}. */
    public static Behaviour answer(String reply) {
        byte[] bytes = reply.getBytes(StandardCharsets.US_ASCII);
        return client -> {
            InputStream in = client.getInputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) > 0) {
                client.getOutputStream().write(bytes);
            }
        };
    }
}
