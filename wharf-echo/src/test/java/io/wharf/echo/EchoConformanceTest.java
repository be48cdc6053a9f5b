package io.wharf.echo;

import io.wharf.core.Limits;
import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.StartupException;
import io.wharf.core.testing.LineClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The echo protocol against a real server, once per concurrency model: whatever the model, a client must
 * see the same conversation, and the limits must hold.
 */
@Timeout(60)
class EchoConformanceTest {

    private static final int MAX_LINE = EchoProtocol.DEFAULT_MAX_LINE;
    private static final String BANNER = "Welcome to Echo Server! Type 'quit' to exit.";

    /** One run per model. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    @interface EveryModel {
    }

    private Server server;
    private final List<LineClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (LineClient c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @EveryModel
    void greetsEveryClient(Model model) throws Exception {
        start(model);
        greeted();
    }

    @EveryModel
    void numbersTheLinesOfEachConnectionFromOne(Model model) throws Exception {
        start(model);
        LineClient first = greeted();
        first.send("alpha\nbeta\r\n");
        assertThat(first.readLine()).isEqualTo("Echo #1: alpha");
        assertThat(first.readLine()).isEqualTo("Echo #2: beta");
        first.send("gamma\n");
        assertThat(first.readLine()).isEqualTo("Echo #3: gamma");
        first.send("quit\n");
        assertThat(first.readLine()).isEqualTo("Goodbye!");

        // after the first leaves, so that the iterative model serves it too
        LineClient second = greeted();
        second.send("delta\n");
        assertThat(second.readLine()).isEqualTo("Echo #1: delta");
    }

    @EveryModel
    void quitSaysGoodbyeAndTheServerCloses(Model model) throws Exception {
        start(model);
        LineClient c = greeted();
        c.send("quit \t\r\n");
        assertThat(c.readLine()).isEqualTo("Goodbye!");
        assertThat(c.readLine()).as("end of stream").isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().activeConnections() == 0);
    }

    @EveryModel
    void linesSplitAcrossPacketsAtEveryByte(Model model) throws Exception {
        start(model);
        LineClient c = greeted();
        for (byte b : "one\r\ntw\ro\nthree\n".getBytes(StandardCharsets.US_ASCII)) {
            c.sendRaw(new byte[] {b});
        }
        assertThat(c.readLine()).isEqualTo("Echo #1: one");
        assertThat(c.readLine()).isEqualTo("Echo #2: tw\ro");
        assertThat(c.readLine()).isEqualTo("Echo #3: three");

        byte[] twoLines = "left\r\nright\n".getBytes(StandardCharsets.US_ASCII);
        int n = 3;
        for (int cut = 0; cut <= twoLines.length; cut++) {
            c.sendRaw(Arrays.copyOfRange(twoLines, 0, cut));
            c.sendRaw(Arrays.copyOfRange(twoLines, cut, twoLines.length));
            assertThat(c.readLine()).as("cut at %d", cut).isEqualTo("Echo #" + ++n + ": left");
            assertThat(c.readLine()).as("cut at %d", cut).isEqualTo("Echo #" + ++n + ": right");
        }
    }

    @EveryModel
    void aLineOverTheLimitGetsAnErrorAndTheConnectionStaysInSync(Model model) throws Exception {
        start(model);
        LineClient c = greeted();
        c.send("x".repeat(MAX_LINE + 1) + "\n");
        assertThat(c.readLine()).isEqualTo("ERROR line too long (max 65536 bytes)");
        c.send("y".repeat(MAX_LINE) + "\r\n");
        assertThat(c.readLine()).isEqualTo("Echo #1: " + "y".repeat(MAX_LINE));
        c.send("z".repeat(1 << 20) + "\n");
        assertThat(c.readLine()).isEqualTo("ERROR line too long (max 65536 bytes)");
        c.send("fine\n");
        assertThat(c.readLine()).isEqualTo("Echo #2: fine");
    }

    /** Iterative serves one client at a time by design, so 200 at once is not its game. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"ITERATIVE", "PROCESS", "PREFORK"})
    void twoHundredClientsAtOnce(Model model) throws Exception {
        start(model);
        int clientCount = 200;
        CyclicBarrier allConnected = new CyclicBarrier(clientCount);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < clientCount; i++) {
                int id = i;
                results.add(threads.submit(() -> {
                    try (LineClient c = LineClient.connect(server.localAddress())) {
                        allConnected.await(10, TimeUnit.SECONDS);
                        assertThat(c.readLine()).isEqualTo(BANNER);
                        for (int line = 1; line <= 3; line++) {
                            c.send("client " + id + " line " + line + "\n");
                            assertThat(c.readLine()).isEqualTo("Echo #" + line + ": client " + id + " line " + line);
                        }
                        c.send("quit\n");
                        assertThat(c.readLine()).isEqualTo("Goodbye!");
                        assertThat(c.readLine()).isNull();
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(server.stats().snapshot().totalConnections()).isEqualTo(clientCount);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().activeConnections() == 0);
    }

    @EveryModel
    void aClientThatStopsReadingIsDroppedWithoutHurtingAnother(Model model) throws Exception {
        Limits limits = new Limits(Limits.DEFAULTS.maxConnections(), Duration.ZERO, 64 * 1024, Duration.ofSeconds(1));
        start(settings(model).withLimits(limits), false);
        LineClient stalled = connect();
        AtomicLong flooded = new AtomicLong();
        CompletableFuture<IOException> flood = new CompletableFuture<>();
        Thread flooder = new Thread(() -> {
            byte[] line = ("z".repeat(1023) + "\n").getBytes(StandardCharsets.US_ASCII);
            try {
                // bounded, so a server that never drops it fails the test instead of looping forever
                while (flooded.get() < 1L << 30) {
                    stalled.sendRaw(line);
                    flooded.addAndGet(line.length);
                }
                flood.complete(null);
            } catch (IOException e) {
                flood.complete(e);
            }
        }, "flooder");
        flooder.setDaemon(true);
        flooder.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> flooded.get() >= 64 * 1024 || flood.isDone());

        LineClient other = greeted();
        other.send("still here\n");
        assertThat(other.readLine()).isEqualTo("Echo #1: still here");

        await().atMost(Duration.ofSeconds(15)).until(flood::isDone);
        assertThat(flood.get()).as("the flooder's writes fail: the server dropped it").isNotNull();
        assertThat(stalled.awaitClosed()).isTrue();

        other.send("and still\n");
        assertThat(other.readLine()).isEqualTo("Echo #2: and still");
    }

    /**
     * Iterative never holds two connections, so the second client waits in the backlog and is never
     * refused; {@code max_connections} is for the models that serve clients concurrently.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"ITERATIVE", "PROCESS", "PREFORK"})
    void refusesClientsPastMaxConnections(Model model) throws Exception {
        Limits limits = new Limits(1, Duration.ZERO, Limits.DEFAULTS.maxOutbox(), Limits.DEFAULTS.writeTimeout());
        start(settings(model).withLimits(limits), false);
        LineClient first = greeted();

        LineClient second = connect();
        assertThat(second.readLine()).startsWith("ERROR server busy: ");
        assertThat(second.readLine()).as("end of stream").isNull();
        assertThat(server.stats().snapshot().refusedConnections()).isEqualTo(1);

        first.send("unaffected\n");
        assertThat(first.readLine()).isEqualTo("Echo #1: unaffected");
        first.send("quit\n");
        assertThat(first.readLine()).isEqualTo("Goodbye!");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().activeConnections() == 0);

        LineClient third = greeted();
        third.send("my turn\n");
        assertThat(third.readLine()).isEqualTo("Echo #1: my turn");
    }

    @EveryModel
    void gracefulShutdownLetsAClientMidLineFinishItThenSaysGoodbye(Model model) throws Exception {
        start(model);
        InetSocketAddress address = server.localAddress();
        LineClient c = greeted();
        // one write: the echo of the first line proves the handler holds the unfinished second one
        c.send("before\ndur");
        assertThat(c.readLine()).isEqualTo("Echo #1: before");

        CompletableFuture<Boolean> drained = new CompletableFuture<>();
        Thread.ofPlatform().name("shutdown").start(() -> drained.complete(server.shutdown(Duration.ofSeconds(30))));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> refused(address));
        assertThat(drained).as("still draining while the client is in the middle of a line").isNotDone();

        c.send("ing\n");
        assertThat(c.readLine()).isEqualTo("Echo #2: during");
        assertThat(c.readLine()).isEqualTo("Goodbye! (server shutting down)");
        assertThat(c.readLine()).isNull();
        assertThat(drained.get(10, TimeUnit.SECONDS)).as("every connection finished").isTrue();
    }

    /** Issue 12: an idle echo client held the shutdown for the whole drain timeout, and was told nothing. */
    @EveryModel
    void aDrainSaysGoodbyeToAnIdleClientAndDoesNotWaitForIt(Model model) throws Exception {
        start(model);
        LineClient c = greeted();
        c.send("hello\n");
        assertThat(c.readLine()).isEqualTo("Echo #1: hello");
        // clean means the client was closed, not left for the drain timeout to cut
        assertThat(server.shutdown(Duration.ofSeconds(30))).as("drained cleanly").isTrue();
        assertThat(c.readLine()).isEqualTo("Goodbye! (server shutting down)");
        assertThat(c.readLine()).isNull();
    }

    @EveryModel
    void aDrainClosesAnIdleRawClientAtOnce(Model model) throws Exception {
        start(settings(model), true);
        LineClient c = connect();
        c.send("ping");
        assertThat(new String(c.readBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ping");
        assertThat(server.shutdown(Duration.ofSeconds(30))).as("drained cleanly").isTrue();
        assertThat(c.awaitClosed()).isTrue();
    }

    /** Issue 12: a last line without a newline was dropped when the client closed its side. */
    @EveryModel
    void aLastLineWithoutANewlineIsEchoedWhenTheClientEndsItsInput(Model model) throws Exception {
        start(model);
        LineClient c = greeted();
        c.send("first\nlast words");
        c.socket().shutdownOutput();
        assertThat(c.readLine()).isEqualTo("Echo #1: first");
        assertThat(c.readLine()).isEqualTo("Echo #2: last words");
        assertThat(c.readLine()).isNull();
    }

    /** Issue 12: a client closed by the idle timeout was told nothing. */
    @EveryModel
    void anIdleTimeoutSaysSoBeforeTheClose(Model model) throws Exception {
        ServerSettings s = settings(model);
        start(s.withLimits(new io.wharf.core.Limits(100, Duration.ofSeconds(1), s.limits().maxOutbox(),
                s.limits().writeTimeout())), false);
        LineClient c = greeted();
        c.send("hi\n");
        assertThat(c.readLine()).isEqualTo("Echo #1: hi");
        assertThat(c.readLine()).isEqualTo("Goodbye! (idle timeout)");
        assertThat(c.readLine()).isNull();
    }

    @EveryModel
    void quitIsTakenInAnyCase(Model model) throws Exception {
        start(model);
        LineClient c = greeted();
        c.send("Quitting\n");
        assertThat(c.readLine()).isEqualTo("Echo #1: Quitting");
        c.send("QUIT \n");
        assertThat(c.readLine()).isEqualTo("Goodbye!");
        assertThat(c.readLine()).isNull();
    }

    /** Issue 12: a 20 MB line without a newline got no reply until its newline came, if ever. */
    @EveryModel
    void aLineIsRefusedAsSoonAsItPassesTheLimitNotAtItsEnd(Model model) throws Exception {
        start(model);
        LineClient c = greeted();
        c.sendRaw("x".repeat(MAX_LINE * 4).getBytes(StandardCharsets.US_ASCII)); // no newline, and none to come yet
        assertThat(c.readLine()).isEqualTo("ERROR line too long (max 65536 bytes)");
        c.send("xxx\nfine\n");
        assertThat(c.readLine()).as("one reply per overlong line").isEqualTo("Echo #1: fine");
    }

    @EveryModel
    void rawModeEchoesBytesExactly(Model model) throws Exception {
        start(settings(model), true);
        LineClient c = connect();
        byte[] payload = new byte[100_000];
        new Random(7).nextBytes(payload);
        byte[] head = "quit\n\r\n\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, payload, 0, head.length);

        // send from another thread: the echo comes back while we are still sending
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                c.sendRaw(payload);
                sent.complete(null);
            } catch (IOException e) {
                sent.completeExceptionally(e);
            }
        });
        assertThat(c.readBytes(payload.length)).as("no banner, every byte as sent").isEqualTo(payload);
        sent.get(5, TimeUnit.SECONDS);

        c.send("more");
        assertThat(new String(c.readBytes(4), StandardCharsets.US_ASCII)).isEqualTo("more");
    }

    private void start(Model model) throws StartupException {
        start(settings(model), false);
    }

    private void start(ServerSettings settings, boolean raw) throws StartupException {
        server = Server.start(settings, EchoProtocol.service(raw, MAX_LINE), new io.wharf.core.stats.ServerStats());
    }

    private static ServerSettings settings(Model model) {
        return ServerSettings.defaults(0, model).withBindAddress("127.0.0.1");
    }

    private LineClient connect() throws IOException {
        LineClient c = LineClient.connect(server.localAddress());
        clients.add(c);
        return c;
    }

    private LineClient greeted() throws IOException {
        LineClient c = connect();
        assertThat(c.readLine()).isEqualTo(BANNER);
        return c;
    }

    /** True when a new connection is refused; a probe that gets in is closed again at once. */
    private static boolean refused(InetSocketAddress address) throws IOException {
        try (Socket probe = new Socket()) {
            probe.connect(address, 1000);
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }
}
