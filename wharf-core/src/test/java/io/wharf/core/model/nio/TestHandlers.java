package io.wharf.core.model.nio;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Handlers for the engine tests. Each is used the way real protocols use a connection. */
final class TestHandlers {

    private TestHandlers() {
    }

    /** Echoes every chunk as it arrives, straight from the loop's read buffer (the benchmark's hot path). */
    static final class Echo implements Handler {
        @Override
        public void onData(Connection connection, ByteBuffer data) {
            connection.write(data);
        }
    }

    /**
     * Line commands; any other line is echoed.
     * <ul>
     *   <li>{@code foreign N}: writes {@code start} here, then lines {@code 1..N} and a close from another thread
     *   <li>{@code close-race N}: as {@code foreign N}, but the other thread waits until lines {@code 1..N-1} are
     *   sent before it writes line {@code N} and closes at once: the loop is then finishing the flush that
     *   emptied the outbox, so the last write and the close land in that flush's end
     *   <li>{@code who}: offloads; answers with the thread that ran the work and the one that ran {@code then}
     *   <li>{@code flood KiB}: writes that much at once, far more than the socket buffers hold
     *   <li>{@code boom}: throws
     * </ul>
     */
    static final class Commands implements Handler {
        private final StringBuilder line = new StringBuilder();

        @Override
        public void onData(Connection connection, ByteBuffer data) {
            while (data.hasRemaining()) {
                char c = (char) data.get();
                if (c == '\n') {
                    command(connection, line.toString());
                    line.setLength(0);
                } else {
                    line.append(c);
                }
            }
        }

        private void command(Connection c, String cmd) {
            if (cmd.startsWith("foreign ")) {
                int n = Integer.parseInt(cmd.substring(8));
                c.write("start\n");
                Thread.ofPlatform().start(() -> {
                    for (int i = 1; i <= n; i++) {
                        c.write(i + "\n");
                    }
                    c.close();
                });
            } else if (cmd.startsWith("close-race ")) {
                int n = Integer.parseInt(cmd.substring(11));
                c.write("start\n");
                Thread.ofPlatform().start(() -> {
                    long written = "start\n".length();
                    for (int i = 1; i < n; i++) {
                        String line = i + "\n";
                        c.write(line);
                        written += line.length();
                    }
                    byte[] last = (n + "\n").getBytes(StandardCharsets.UTF_8);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (c.bytesOut() < written && System.nanoTime() - deadline < 0) {
                        Thread.onSpinWait();
                    }
                    c.write(last);
                    c.close();
                });
            } else if (cmd.equals("who")) {
                c.offload(() -> Thread.currentThread().getName(),
                        worker -> c.write(worker + " " + Thread.currentThread().getName() + "\n"));
            } else if (cmd.startsWith("flood ")) {
                byte[] chunk = new byte[1024];
                for (int i = Integer.parseInt(cmd.substring(6)); i > 0 && c.isOpen(); i--) {
                    c.write(chunk);
                }
            } else if (cmd.equals("boom")) {
                throw new IllegalStateException("boom");
            } else {
                c.write((cmd + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
