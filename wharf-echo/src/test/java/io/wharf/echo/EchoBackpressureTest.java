package io.wharf.echo;

import io.wharf.core.Limits;
import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.SocketOptions;
import io.wharf.core.StartupException;
import io.wharf.core.Watermarks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that pipelines faster than it reads is paused, not dropped, under every in-process model: it
 * gets every reply, in order, once it reads, and the server's queued output for it stays within the high
 * watermark plus one reply. Under {@code event}/{@code reactor} the connection goes unwritable and stops
 * reading; under the blocking models the owner's blocking write holds it back by itself, so nothing queues.
 * A client that never reads is still closed by {@code write_timeout}.
 */
@Timeout(90)
class EchoBackpressureTest {

    private static final int LINES = 100_000;
    private static final String BANNER = "Welcome to Echo Server! Type 'quit' to exit.";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Server server;
    private PipeliningClient client;

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void aClientPipeliningLinesWithoutReadingIsPausedAndThenGetsEveryReplyInOrder(Model model) throws Exception {
        pipelineLines(model, Duration.ZERO);
    }

    /** The same, really holding off reading for ten seconds, for one model. */
    @Test
    void aClientThatDoesNotReadForTenSecondsStaysConnectedAndGetsEverything() throws Exception {
        pipelineLines(Model.EVENT, Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void rawEchoOfALargeBlobIsPausedAndThenComesBackWhole(Model model) throws Exception {
        start(model, true, Limits.DEFAULTS);
        byte[] blob = new byte[8 << 20];
        new Random(11).nextBytes(blob);
        client = PipeliningClient.connect(server.localAddress(), blob);

        awaitPaused(model);

        CompletableFuture<Void> sent = new CompletableFuture<>();
        InputStream in = client.sendRestAndRead(sent);
        assertThat(in.readNBytes(blob.length)).isEqualTo(blob);
        sent.get(10, TimeUnit.SECONDS);
        assertThat(server.stats().activeConnections()).isEqualTo(1);
        // raw echo writes each read whole: one "reply" is one read buffer (64 KiB under event/reactor)
        assertPeakWithin(model, 64 * 1024);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void aClientThatNeverReadsIsClosedByWriteTimeout(Model model) throws Exception {
        Limits limits = new Limits(100, Duration.ZERO, Limits.DEFAULTS.maxOutbox(), Duration.ofSeconds(1));
        start(model, false, limits);
        client = PipeliningClient.connect(server.localAddress(), lines(LINES));

        awaitPaused(model);
        await().atMost(WAIT).until(() -> server.stats().activeConnections() == 0);
        assertThat(server.stats().unwritableConnections()).as("a closed connection leaves the gauge").isZero();
    }

    private void pipelineLines(Model model, Duration hold) throws Exception {
        start(model, false, Limits.DEFAULTS);
        client = PipeliningClient.connect(server.localAddress(), lines(LINES));

        int reply = ("Echo #" + LINES + ": " + line(LINES) + "\n").length();
        awaitPaused(model);
        if (!hold.isZero()) {
            // still sending, never reading: the server must neither drop the client nor let its outbox grow
            await().during(hold).atMost(hold.plusSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
                client.stalled();
                return server.stats().activeConnections() == 1
                        && server.stats().peakOutboxBytes() <= Watermarks.DEFAULTS.high() + reply;
            });
        }
        long sentWhilePaused = client.sent();

        CompletableFuture<Void> sent = new CompletableFuture<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(client.sendRestAndRead(sent),
                StandardCharsets.US_ASCII));
        assertThat(in.readLine()).isEqualTo(BANNER);
        for (int i = 1; i <= LINES; i++) {
            String line = in.readLine();
            if (!line.equals("Echo #" + i + ": " + line(i))) {
                assertThat(line).as("reply %d", i).isEqualTo("Echo #" + i + ": " + line(i));
            }
        }
        sent.get(10, TimeUnit.SECONDS);
        assertThat(sentWhilePaused).as("the client was held back mid-way").isLessThan(lines(LINES).length);
        assertThat(server.stats().activeConnections()).as("still connected").isEqualTo(1);
        assertThat(server.stats().snapshot().errors()).isZero();
        assertPeakWithin(model, reply);
    }

    /**
     * Waits until the server holds the client back: the client's socket takes nothing more, and under
     * {@code event}/{@code reactor} the connection is unwritable.
     */
    private void awaitPaused(Model model) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> client.stalled()
                && (!nonBlocking(model) || server.stats().unwritableConnections() == 1));
    }

    /** The queued output never passed the high watermark by more than one reply; nio had to pass it at all. */
    private void assertPeakWithin(Model model, long reply) {
        long peak = server.stats().peakOutboxBytes();
        assertThat(peak).isLessThanOrEqualTo(Watermarks.DEFAULTS.high() + reply);
        if (nonBlocking(model)) {
            assertThat(peak).as("the outbox passed the high watermark").isGreaterThan(Watermarks.DEFAULTS.high());
        }
    }

    private static boolean nonBlocking(Model model) {
        return model == Model.EVENT || model == Model.REACTOR;
    }

    private void start(Model model, boolean raw, Limits limits) throws StartupException {
        ServerSettings d = ServerSettings.defaults(0, model).withBindAddress("127.0.0.1");
        SocketOptions small = new SocketOptions(true, false, PipeliningClient.SOCKET_BUFFER,
                PipeliningClient.SOCKET_BUFFER, false, true);
        ServerSettings s = new ServerSettings(d.bindAddress(), 0, d.backlog(), model, d.threadPoolSize(),
                d.queueSize(), d.enqueueTimeout(), 2, 2, small, d.drainTimeout(), limits);
        server = Server.start(s, EchoProtocol.handlers(raw, EchoProtocol.DEFAULT_MAX_LINE));
    }

    private static String line(int i) {
        return String.format("line %06d", i);
    }

    private static byte[] lines(int count) {
        StringBuilder b = new StringBuilder(count * 12);
        for (int i = 1; i <= count; i++) {
            b.append(line(i)).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
