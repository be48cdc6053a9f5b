package io.wharf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Each way a server can fail lands in its own {@link FailureKind}, and never as a success. */
class FailureClassificationTest {

    private static LoadSpec spec(TargetKind kind, int port) {
        return LoadSpec.of(kind, "127.0.0.1", port).withConnections(3).withThreads(2).withWarmup(Duration.ZERO)
                .withDuration(Duration.ofMillis(600)).withMessageSize(16);
    }

    private static LoadReport run(LoadSpec spec) throws IOException {
        return LoadGenerator.run(spec, LoadProgress.NONE);
    }

    private static void onlyFailure(LoadReport r, FailureKind kind) {
        assertThat(r.successes()).isZero();
        assertThat(r.failures().get(kind)).as("%s in %s", kind, r.failures()).isPositive();
        assertThat(r.totalFailures()).as("%s", r.failures()).isEqualTo(r.failures().get(kind));
    }

    @Test
    void faithfulEchoesAreSuccessesWithoutFailures() throws IOException {
        try (TestServer server = new TestServer(TestServer.echo(0))) {
            LoadReport raw = run(spec(TargetKind.ECHO_RAW, server.port()));
            LoadReport line = run(spec(TargetKind.ECHO_LINE, server.port()));
            for (LoadReport r : new LoadReport[] {raw, line}) {
                assertThat(r.totalFailures()).as("%s", r.failures()).isZero();
                assertThat(r.successes()).isPositive().isEqualTo(r.latencyMicros().getTotalCount());
                assertThat(r.connectionsOpened()).isEqualTo(3);
                assertThat(r.bytesSent()).isPositive();
                assertThat(r.bytesReceived()).isPositive();
            }
        }
    }

    @Test
    void nothingListeningIsOneErrorBeforeTheRunAndRefusedDuringIt() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> run(spec(TargetKind.ECHO_RAW, port)))
                .isInstanceOf(IOException.class).hasMessageContaining("refused");
        LoadSpec spec = spec(TargetKind.ECHO_RAW, port);
        LoadReport r = LoadGenerator.runWithoutProbe(spec, new InetSocketAddress("127.0.0.1", port),
                spec.target().target(spec), LoadProgress.NONE);
        onlyFailure(r, FailureKind.REFUSED);
        assertThat(r.connectionsOpened()).isZero();
    }

    @Test
    void resetAfterTheRequest() throws IOException {
        try (TestServer server = new TestServer(client -> {
            client.getInputStream().readNBytes(16);
            client.setSoLinger(true, 0); // close sends RST
        })) {
            onlyFailure(run(spec(TargetKind.ECHO_RAW, server.port())), FailureKind.RESET);
        }
    }

    @Test
    void closedBeforeTheReply() throws IOException {
        try (TestServer server = new TestServer(client -> client.getInputStream().readNBytes(16))) {
            onlyFailure(run(spec(TargetKind.ECHO_RAW, server.port())), FailureKind.CLOSED);
        }
    }

    @Test
    void neverAnswering() throws IOException {
        CountDownLatch never = new CountDownLatch(1);
        try (TestServer server = new TestServer(client -> never.await())) {
            onlyFailure(run(spec(TargetKind.ECHO_RAW, server.port()).withTimeout(Duration.ofMillis(200))),
                    FailureKind.TIMEOUT);
        }
    }

    @Test
    void wrongEchoBytes() throws IOException {
        try (TestServer server = new TestServer(TestServer.echo(0x01))) {
            LoadReport raw = run(spec(TargetKind.ECHO_RAW, server.port()));
            onlyFailure(raw, FailureKind.WRONG_REPLY);
            LoadReport line = run(spec(TargetKind.ECHO_LINE, server.port()));
            onlyFailure(line, FailureKind.WRONG_REPLY);
            // what came back, not only how often: the raw bytes quoted, the line beside the one sent
            assertThat(raw.failureExamples()).isNotEmpty().hasSizeLessThanOrEqualTo(FailureExample.MAX_KEPT)
                    .allSatisfy(e -> assertThat(e.kind()).isEqualTo(FailureKind.WRONG_REPLY))
                    .allSatisfy(e -> assertThat(e.reply()).matches("\"(\\\\x[0-9a-f]{2}|[ -~])+…?\""));
            assertThat(line.failureExamples()).isNotEmpty().allSatisfy(e -> assertThat(e.reply())
                    .matches("got \"[`a-z0-9]{15}\\\\n\", sent \"[0-9a-z]{15}\\\\n\""));
        }
    }

    @Test
    void httpGarbageAndHttpErrors() throws IOException {
        try (TestServer garbage = new TestServer(TestServer.answer("SSH-2.0-OpenSSH\r\n\r\n"));
             TestServer notFound = new TestServer(
                     TestServer.answer("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))) {
            LoadReport ssh = run(spec(TargetKind.HTTP, garbage.port()));
            onlyFailure(ssh, FailureKind.PROTOCOL_ERROR);
            assertThat(ssh.failureExamples()).containsExactly(
                    new FailureExample(FailureKind.PROTOCOL_ERROR, "\"SSH-2.0-OpenSSH\\r\\n\\r\\n\""));
            LoadReport missing = run(spec(TargetKind.HTTP, notFound.port()));
            onlyFailure(missing, FailureKind.WRONG_REPLY);
            assertThat(missing.failureExamples()).containsExactly(
                    new FailureExample(FailureKind.WRONG_REPLY, "status 404"));
        }
    }

    @Test
    void aLongReplyIsQuotedShort() {
        byte[] big = "x".repeat(500).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(FailureExample.quote(big, 0, big.length)).hasSize(FailureExample.MAX_CHARS + 3).endsWith("x…\"");
    }

    @Test
    void theRunIsAnnouncedOnceTheTargetAnswersAndBeforeAnyLoad() throws IOException {
        java.util.List<String> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        LoadProgress recording = new LoadProgress() {
            @Override
            public void update(long elapsed, long total, long ok, long failed, double rps) {
                events.add(ok > 0 ? "served" : "update");
            }

            @Override
            public void starting() {
                events.add("starting");
            }

            @Override
            public void measuring() {
                events.add("measuring");
            }
        };
        try (TestServer server = new TestServer(TestServer.echo(0))) {
            LoadGenerator.run(spec(TargetKind.ECHO_RAW, server.port()).withWarmup(Duration.ofMillis(300)), recording);
        }
        assertThat(events).startsWith("starting").contains("measuring");
        assertThat(events.indexOf("measuring")).isLessThan(events.indexOf("served"));
    }

    @Test
    void httpKeepAliveAndNewConnectionPerRequest() throws IOException {
        String ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        try (TestServer server = new TestServer(TestServer.answer(ok))) {
            LoadReport kept = run(spec(TargetKind.HTTP, server.port()));
            LoadReport fresh = run(spec(TargetKind.HTTP, server.port()).withKeepAlive(false));
            assertThat(kept.totalFailures()).as("%s", kept.failures()).isZero();
            assertThat(kept.connectionsOpened()).isEqualTo(3);
            assertThat(fresh.totalFailures()).as("%s", fresh.failures()).isZero();
            assertThat(fresh.connectionsOpened()).isGreaterThanOrEqualTo((int) fresh.successes());
        }
    }

    @Test
    void requestCountStopsAtExactlyThatMany() throws IOException {
        try (TestServer server = new TestServer(TestServer.echo(0))) {
            LoadReport r = run(spec(TargetKind.ECHO_LINE, server.port()).withRequests(500));
            assertThat(r.successes()).isEqualTo(500);
            assertThat(r.totalFailures()).isZero();
        }
    }
}
