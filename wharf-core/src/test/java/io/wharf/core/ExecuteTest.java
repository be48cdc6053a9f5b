package io.wharf.core;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Connection#execute} under every in-process model: a task from another thread runs while the client is
 * quiet (under the blocking models the connection's thread sits in a read meanwhile), and tasks run in call
 * order and never beside a callback.
 */
@Timeout(60)
class ExecuteTest {

    private Server server;
    private Socket client;
    private final BlockingQueue<Connection> opened = new LinkedBlockingQueue<>();
    private final AtomicBoolean inCallback = new AtomicBoolean();
    private final List<String> overlaps = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Echoes lines; marks each callback so a task that runs beside one is seen. */
    private final class Echo implements Handler {
        @Override
        public void onOpen(Connection connection) {
            opened.add(connection);
        }

        @Override
        public void onData(Connection connection, ByteBuffer data) {
            enter("onData");
            connection.write(data);
            inCallback.set(false);
        }
    }

    private void enter(String what) {
        if (!inCallback.compareAndSet(false, true)) {
            overlaps.add(what);
        }
    }

    private Connection start(Model model) throws Exception {
        server = Server.start(ServerSettings.defaults(0, model).withBindAddress("127.0.0.1"), Echo::new);
        client = new Socket("127.0.0.1", server.localAddress().getPort());
        client.setSoTimeout(10_000);
        return opened.poll(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void tasksFromAnotherThreadRunInOrderAsCallbacks(Model model) throws Exception {
        Connection c = start(model);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            String line = "task " + i + "\n";
            expected.append(line);
            c.execute(() -> {
                enter("task");
                c.write(line);
                inCallback.set(false);
            });
        }
        // while the client sends too, so that tasks and callbacks contend
        client.getOutputStream().write("echo\n".getBytes(StandardCharsets.US_ASCII));
        byte[] got = client.getInputStream().readNBytes(expected.length() + "echo\n".length());
        String text = new String(got, StandardCharsets.US_ASCII);
        assertThat(text.replace("echo\n", "")).isEqualTo(expected.toString());
        assertThat(text).contains("echo\n");
        assertThat(overlaps).as("a task beside a callback").isEmpty();
    }
}
