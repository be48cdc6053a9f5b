package io.wharf.core;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Read back-pressure under every in-process model: the watermark transitions and their events, input kept
 * while reading is held back and handed over again first, {@code resumeReading} from another thread, and
 * offloaded work holding reading back so pipelined replies keep their order.
 */
@Timeout(60)
class BackpressureTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Watermarks MARKS = new Watermarks(8 * 1024, 16 * 1024);

    private final List<Server> servers = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final Recorder recorder = new Recorder();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        servers.forEach(Server::close);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void foreignOutputPastTheHighWatermarkHoldsReadingUntilItDrainsBelowTheLowOne(Model model) throws Exception {
        Server server = start(model, recorder);
        Socket client = connect(server);
        Connection c = recorder.opened.poll(5, TimeUnit.SECONDS);
        byte[] blob = new byte[4 << 20];

        // from the test thread, so it is queued: far more than the socket buffers hold
        c.write(blob);

        await().atMost(WAIT).until(() -> !c.writable());
        assertThat(server.stats().unwritableConnections()).isEqualTo(1);
        // blocking models: the owner, blocked in read, hears of the change when this arrives, before onData
        send(client, "ping\n");
        await().atMost(WAIT).until(() -> recorder.events.contains("writable:false"));

        assertThat(client.getInputStream().readNBytes(blob.length)).hasSize(blob.length);
        await().atMost(WAIT).until(() -> recorder.events.contains("data:ping\n"));
        assertThat(recorder.events).containsExactly("writable:false", "writable:true", "data:ping\n");
        assertThat(c.writable()).isTrue();
        assertThat(server.stats().unwritableConnections()).isZero();
        assertThat(server.stats().peakOutboxBytes()).as("queued, and measured")
                .isGreaterThan(MARKS.high()).isLessThanOrEqualTo(blob.length);
        assertThat(recorder.wrongThread).as("callbacks on the handler's thread").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void inputLeftAfterPausingIsHandedOverFirstWhenAnotherThreadResumes(Model model) throws Exception {
        Server server = start(model, recorder);
        Socket client = connect(server);
        Connection c = recorder.opened.poll(5, TimeUnit.SECONDS);

        send(client, "a\npause\nb\n");
        await().atMost(WAIT).until(() -> recorder.paused);
        send(client, "c\n");
        recorder.events.add("resume");
        CompletableFuture.runAsync(c::resumeReading).get(5, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> String.join("", recorder.data()).equals("a\npause\nb\nc\n"));
        int resumed = recorder.events.indexOf("resume");
        assertThat(recorder.events.subList(0, resumed)).containsExactly("data:a\npause\n");
        assertThat(recorder.events.get(resumed + 1)).as("the kept input, on its own").isEqualTo("data:b\n");
        assertThat(recorder.wrongThread).isEmpty();
        assertThat(c.isOpen()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void offloadedWorkHoldsReadingSoPipelinedRepliesKeepTheirOrder(Model model) throws Exception {
        Server server = start(model, () -> new OffloadingEcho());
        Socket client = connect(server);
        StringBuilder requests = new StringBuilder();
        StringBuilder replies = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            requests.append(i).append('\n');
            replies.append("done ").append(i).append('\n');
        }

        send(client, requests.toString());

        byte[] got = client.getInputStream().readNBytes(replies.length());
        assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo(replies.toString());
    }

    private Server start(Model model, io.wharf.core.spi.HandlerFactory handlers) throws StartupException {
        ServerSettings d = ServerSettings.defaults(0, model).withBindAddress("127.0.0.1");
        ServerSettings s = new ServerSettings(d.bindAddress(), 0, d.backlog(), model, d.threadPoolSize(),
                d.queueSize(), d.enqueueTimeout(), 2, 2, new SocketOptions(true, false, 16 * 1024, 16 * 1024,
                false, true), d.drainTimeout(),
                new Limits(100, Duration.ZERO, 64 << 20, Duration.ofSeconds(30), MARKS));
        Server server = Server.start(s, handlers);
        servers.add(server);
        return server;
    }

    private Socket connect(Server server) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.setReceiveBufferSize(16 * 1024); // before connect, so the window stays small
        s.setSoTimeout(10_000);
        s.connect(new InetSocketAddress("127.0.0.1", server.localAddress().getPort()));
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Records data and writability events. Leaves input unconsumed while unwritable, as a handler should,
     * and on {@code pause\n} pauses and leaves the rest of the buffer.
     */
    private static final class Recorder implements io.wharf.core.spi.HandlerFactory {
        final BlockingQueue<Connection> opened = new LinkedBlockingQueue<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> wrongThread = new CopyOnWriteArrayList<>();
        volatile boolean paused;

        List<String> data() {
            return events.stream().filter(e -> e.startsWith("data:")).map(e -> e.substring(5)).toList();
        }

        @Override
        public Handler newHandler() {
            return new Handler() {
                private Thread own;

                @Override
                public void onOpen(Connection connection) {
                    own = Thread.currentThread();
                    opened.add(connection);
                }

                @Override
                public void onData(Connection connection, ByteBuffer data) {
                    check("onData");
                    if (!connection.writable()) {
                        return;
                    }
                    String text = StandardCharsets.US_ASCII.decode(data.duplicate()).toString();
                    int pause = text.indexOf("pause\n");
                    if (pause >= 0 && !paused) {
                        int end = pause + "pause\n".length();
                        data.position(data.position() + end);
                        connection.pauseReading();
                        events.add("data:" + text.substring(0, end));
                        paused = true;
                        return;
                    }
                    data.position(data.limit());
                    events.add("data:" + text);
                }

                @Override
                public void onWritabilityChanged(Connection connection, boolean writable) {
                    check("onWritabilityChanged");
                    events.add("writable:" + writable);
                }

                private void check(String callback) {
                    if (Thread.currentThread() != own) {
                        wrongThread.add(callback + " on " + Thread.currentThread());
                    }
                }
            };
        }
    }

    /**
     * Answers each line {@code done <line>} from offloaded work that takes a varying while. While an offload
     * is in flight (reactor: {@code then} has not run when {@code offload} returns) it leaves the rest of the
     * input, which the connection keeps and hands over again once {@code then} has run.
     */
    private static final class OffloadingEcho implements Handler {
        private final StringBuilder partial = new StringBuilder();
        private boolean inFlight;
        private int n;

        @Override
        public void onData(Connection connection, ByteBuffer data) {
            while (data.hasRemaining() && !inFlight) {
                char ch = (char) data.get();
                if (ch != '\n') {
                    partial.append(ch);
                    continue;
                }
                String line = partial.toString();
                partial.setLength(0);
                long work = (n++ % 3) * 200_000L; // 0, 0.2 or 0.4 ms: a later line could finish first
                inFlight = true;
                connection.offload(() -> {
                    LockSupport.parkNanos(work);
                    return line;
                }, s -> {
                    inFlight = false;
                    connection.write("done " + s + "\n");
                });
            }
        }
    }
}
