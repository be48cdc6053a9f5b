package io.wharf.core;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.testing.LineClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link Connection#sendFile} under every model, against real sockets on 127.0.0.1: file bytes leave in
 * order with the writes around them, and every file channel is closed, whether it was sent, the client
 * went away mid-transfer, or the server gave up on a client that stopped reading.
 */
class SendFileTest {

    private static final int FILE_SIZE = 8 << 20;
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    static Path dir;
    private static Path file;
    private static byte[] content;

    /** Every channel the handlers opened, to check that each one gets closed. */
    private final ConcurrentLinkedQueue<FileChannel> opened = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Connection> connections = new ConcurrentLinkedQueue<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeAll
    static void writeFile() throws IOException {
        content = new byte[FILE_SIZE];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i % 251); // a prime period, so any shifted or repeated stretch shows
        }
        file = Files.write(dir.resolve("pattern.bin"), content);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void sendsAFileBetweenTheWritesAroundIt(Model model) throws Exception {
        Server server = start(settings(model));
        LineClient client = connect(server);

        client.send("file 0 " + FILE_SIZE + "\n");

        assertReceived(client, expected(0, FILE_SIZE));
        awaitAllFilesClosed(1);
        long total = expected(0, FILE_SIZE).length;
        await().atMost(WAIT).until(() -> connections.peek().bytesOut() == total);
        await().atMost(WAIT).until(() -> server.stats().snapshot().bytesOut() == total);
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void sendsPipelinedFilesBackToBackInOrder(Model model) throws Exception {
        Server server = start(settings(model));
        LineClient client = connect(server);

        client.send("file 0 3000000\nfile 7 0\nfile 1234567 2500001\nforeign 99 2000000\nfile 5 10\n");

        assertReceived(client, concat(expected(0, 3_000_000), expected(7, 0), expected(1_234_567, 2_500_001),
                expected(99, 2_000_000), expected(5, 10)));
        awaitAllFilesClosed(5);
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void aFileDoesNotCountAgainstTheOutboxLimit(Model model) throws Exception {
        Server server = start(settings(model).withLimits(new Limits(100, Duration.ZERO, 64 * 1024,
                Duration.ofSeconds(30))));
        LineClient client = connect(server);

        client.send("file 0 " + FILE_SIZE + "\nforeign 0 " + FILE_SIZE + "\n");

        assertReceived(client, concat(expected(0, FILE_SIZE), expected(0, FILE_SIZE)));
        awaitAllFilesClosed(2);
        assertThat(connections.peek().isOpen()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void abortsWhenTheFileIsShorterThanPromised(Model model) throws Exception {
        Server server = start(settings(model));
        LineClient client = connect(server);
        int pos = FILE_SIZE - 600;

        client.send("file " + pos + " 1000\n");

        byte[] got = client.socket().getInputStream().readAllBytes(); // until the server closes
        byte[] header = header(pos, 1000).getBytes(StandardCharsets.US_ASCII);
        assertThat(Arrays.mismatch(got, concat(header, Arrays.copyOfRange(content, pos, FILE_SIZE))))
                .as("first differing byte").isEqualTo(-1);
        awaitAllFilesClosed(1);
        await().atMost(WAIT).until(() -> server.stats().activeConnections() == 0);
    }

    /** Every model, with the file sent by the connection's own thread ({@code file}) and by another. */
    static Stream<Arguments> modelsAndSenders() {
        return Arrays.stream(Model.values()).filter(Model::inProcess).flatMap(m -> Stream.of(Arguments.of(m, "file"), Arguments.of(m, "foreign")));
    }

    @ParameterizedTest
    @MethodSource("modelsAndSenders")
    void closesTheFileWhenTheClientLeavesMidTransfer(Model model, String command) throws Exception {
        Server server = start(withSmallSendBuffer(settings(model)));
        Socket client = new Socket();
        resources.add(client);
        client.setReceiveBufferSize(16 * 1024);
        client.connect(server.localAddress(), 2_000);
        client.setSoTimeout(5_000);

        client.getOutputStream().write((command + " 0 " + FILE_SIZE + "\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(client.getInputStream().readNBytes(64 * 1024)).hasSize(64 * 1024);
        client.close();

        awaitAllFilesClosed(1);
        await().atMost(WAIT).until(() -> server.stats().activeConnections() == 0);
        assertThat(connections.peek().bytesOut()).isLessThan(FILE_SIZE);
    }

    @ParameterizedTest
    @MethodSource("modelsAndSenders")
    void aFileStalledOnAClientThatStopsReadingHitsTheWriteTimeout(Model model, String command) throws Exception {
        Server server = start(withSmallSendBuffer(settings(model)
                .withLimits(new Limits(100, Duration.ZERO, 1 << 20, Duration.ofMillis(300)))));
        LineClient client = connect(server);

        client.send(command + " 0 " + FILE_SIZE + "\n"); // and never read

        await().atMost(WAIT).until(() -> server.stats().activeConnections() == 0);
        awaitAllFilesClosed(1);
        assertThat(connections.peek().bytesOut()).isLessThan(FILE_SIZE);
    }

    /**
     * Lines {@code file POS COUNT} and {@code foreign POS COUNT}: write a header, send that stretch of the file,
     * write a trailer. {@code foreign} does all three from another thread, and waits for it so that later
     * answers keep their order (it only queues: no wait on the client). Records channels and connections.
     */
    private Handler handler() {
        StringBuilder line = new StringBuilder();
        return new Handler() {
            @Override
            public void onOpen(Connection c) {
                connections.add(c);
            }

            @Override
            public void onData(Connection c, ByteBuffer data) {
                while (data.hasRemaining()) {
                    char ch = (char) data.get();
                    if (ch != '\n') {
                        line.append(ch);
                        continue;
                    }
                    String[] cmd = line.toString().split(" ");
                    line.setLength(0);
                    long pos = Long.parseLong(cmd[1]);
                    long count = Long.parseLong(cmd[2]);
                    FileChannel channel = open();
                    if (cmd[0].equals("foreign")) {
                        join(Thread.ofPlatform().start(() -> respond(c, channel, pos, count)));
                    } else {
                        respond(c, channel, pos, count);
                    }
                }
            }
        };
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private FileChannel open() {
        try {
            FileChannel ch = FileChannel.open(file);
            opened.add(ch);
            return ch;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void respond(Connection c, FileChannel ch, long pos, long count) {
        c.write(header(pos, count));
        c.sendFile(ch, pos, count);
        c.write("END\n");
    }

    private static String header(long pos, long count) {
        return "BEGIN " + pos + " " + count + "\n";
    }

    private static byte[] expected(int pos, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(pos, count).getBytes(StandardCharsets.US_ASCII));
        out.write(content, pos, count);
        out.writeBytes("END\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Reads exactly what is expected and compares; a mismatch names the first differing byte, not 8 MiB. */
    private static void assertReceived(LineClient client, byte[] expected) throws IOException {
        byte[] got = client.readBytes(expected.length);
        assertThat(Arrays.mismatch(got, expected)).as("first differing byte").isEqualTo(-1);
    }

    private void awaitAllFilesClosed(int count) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(opened).hasSize(count);
            assertThat(opened).noneMatch(FileChannel::isOpen);
        });
    }

    private Server start(ServerSettings settings) throws StartupException {
        Server server = Server.start(settings, this::handler);
        resources.add(server);
        return server;
    }

    private LineClient connect(Server server) throws IOException {
        LineClient client = LineClient.connect(server.localAddress());
        resources.add(client);
        return client;
    }

    private static ServerSettings settings(Model model) {
        return ServerSettings.defaults(0, model).withBindAddress("127.0.0.1");
    }

    /** A small server send buffer, so a file cannot vanish into socket buffers before the client acts. */
    private static ServerSettings withSmallSendBuffer(ServerSettings s) {
        SocketOptions small = new SocketOptions(true, false, 0, 16 * 1024, false, true);
        return new ServerSettings(s.bindAddress(), s.port(), s.backlog(), s.model(), s.threadPoolSize(),
                s.queueSize(), s.enqueueTimeout(), s.eventLoops(), s.workerThreads(), small, s.drainTimeout(),
                s.limits());
    }
}
