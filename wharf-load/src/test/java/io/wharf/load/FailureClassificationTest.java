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
            onlyFailure(run(spec(TargetKind.ECHO_RAW, server.port())), FailureKind.WRONG_REPLY);
            onlyFailure(run(spec(TargetKind.ECHO_LINE, server.port())), FailureKind.WRONG_REPLY);
        }
    }

    @Test
    void httpGarbageAndHttpErrors() throws IOException {
        try (TestServer garbage = new TestServer(TestServer.answer("SSH-2.0-OpenSSH\r\n\r\n"));
             TestServer notFound = new TestServer(
                     TestServer.answer("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))) {
            onlyFailure(run(spec(TargetKind.HTTP, garbage.port())), FailureKind.PROTOCOL_ERROR);
            onlyFailure(run(spec(TargetKind.HTTP, notFound.port())), FailureKind.WRONG_REPLY);
        }
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
