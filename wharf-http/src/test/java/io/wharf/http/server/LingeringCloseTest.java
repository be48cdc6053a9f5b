package io.wharf.http.server;

import io.wharf.core.Model;
import io.wharf.core.stats.ServerStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The core's lingering close and its close-reason counters, through HTTP, under every model HTTP runs on.
 * Without lingering, a server that closes with the client's bytes unread makes its kernel send a reset, and
 * the client loses the reply it had not read yet (93% of refused clients did, in issue 11's run).
 */
class LingeringCloseTest {

    private static final String GET = "GET /hello.txt HTTP/1.1\r\nHost: localhost\r\n\r\n";
    private static final int TRIES = 200;
    /** More than the socket buffers hold, so the client is still sending when the server has answered. */
    private static final int BODY = Integer.getInteger("wharf.test.lingerBody", 1 << 20);

    @TempDir
    Path root;
    private HttpTestServer server;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(root.resolve("hello.txt"), "hello, wharf\n");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** {@code head} then {@value #BODY}-ish bytes of junk, to be written in one go. */
    private static byte[] upload(String head) {
        byte[] h = head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + BODY];
        System.arraycopy(h, 0, all, 0, h.length);
        java.util.Arrays.fill(all, h.length, all.length, (byte) 'x');
        return all;
    }

    private ServerStats stats() {
        return server.server().stats();
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"THREAD", "VIRTUAL", "POOL", "EVENT", "REACTOR"})
    void pastMaxConnectionsAClientThatSentItsRequestReadsTheBusyReply(Model model) throws Exception {
        server = HttpTestServer.start(model, root, "server.max_connections=1");
        try (RawHttpClient held = server.client()) {
            assertThat(held.send(GET).read().status()).isEqualTo(200); // admitted, and kept alive: the one slot
            byte[] upload = upload("POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: " + BODY + "\r\n\r\n");
            int resets = 0;
            String firstReset = null;
            int busy = 0;
            for (int i = 0; i < TRIES; i++) {
                try (RawHttpClient c = server.client()) {
                    RawResponse r = c.send(upload).read(); // all sent before reading, as a simple client does
                    if (r.status() == 503 && r.closes()) {
                        busy++;
                    }
                } catch (IOException e) {
                    resets++; // a reset, on the write or the read: the reply was lost
                    firstReset = firstReset == null ? "try " + i + ": " + e : firstReset;
                }
                // refused sockets linger at most 64 at a time (past that they close at once, by design): on a
                // loaded machine the lingerer may lag behind this loop, so keep the test under that cap
                if (stats().lingeringConnections() >= 32) {
                    await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                            .until(() -> stats().lingeringConnections() < 32);
                }
            }
            assertThat(resets).as("resets (%s)", firstReset).isZero();
            assertThat(busy).isEqualTo(TRIES);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(stats().closedByReason()).containsEntry("refused_max_connections", (long) TRIES);
            assertThat(stats().lingeringConnections()).isZero(); // each ended once its client closed
        });
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"THREAD", "VIRTUAL", "POOL", "EVENT", "REACTOR"})
    void anErrorReplyWithMoreInputBehindIsReadNotReset(Model model) throws Exception {
        server = HttpTestServer.start(model, root, "security.max_request_size=16");
        byte[][] requests = {
            upload("GARBAGE\r\n\r\n"),                                                  // 400, pipelined junk behind
            upload("OPTIONS /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: " + BODY + "\r\n\r\n"), // 413, body sent
        };
        int resets = 0;
        String firstReset = null;
        int answered = 0;
        for (int i = 0; i < TRIES; i++) {
            try (RawHttpClient c = server.client()) {
                RawResponse r = c.send(requests[i % 2]).read();
                if (r.status() == (i % 2 == 0 ? 400 : 413) && r.closes()) {
                    answered++;
                }
            } catch (IOException e) {
                resets++;
                firstReset = firstReset == null ? "try " + i + ": " + e : firstReset;
            }
        }
        assertThat(resets).as("resets (%s)", firstReset).isZero();
        assertThat(answered).isEqualTo(TRIES);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(stats().closedByReason()).containsEntry("protocol_error", (long) TRIES);
            assertThat(stats().lingeringConnections()).isZero();
        });
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"THREAD", "VIRTUAL", "POOL", "EVENT", "REACTOR"})
    void lingeringEndsAfterLingeringTimeoutAndGivesTheSlotBack(Model model) throws Exception {
        server = HttpTestServer.start(model, root, "server.max_connections=1", "server.lingering_timeout=200ms");
        try (RawHttpClient c = server.client()) {
            assertThat(c.send("GARBAGE\r\n\r\n").read().status()).isEqualTo(400);
            // the client neither sends nor closes: the server's lingering ends on lingering_timeout
            await().atMost(Duration.ofSeconds(10)).until(() -> stats().lingeringConnections() == 0
                    && stats().closedByReason().get("protocol_error") == 1);
            // and the one max_connections slot it held is free again
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (RawHttpClient next = server.client()) {
                    assertThat(next.send(GET).read().status()).isEqualTo(200);
                }
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"THREAD", "VIRTUAL", "POOL", "EVENT", "REACTOR"})
    void timeoutsAreCountedByCauseInStatsAndMetrics(Model model) throws Exception {
        server = HttpTestServer.start(model, root, "http.header_timeout=500ms", "http.keepalive_timeout=500ms");
        try (RawHttpClient trickle = server.client(); RawHttpClient kept = server.client()) {
            trickle.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\n"); // the head never ends
            assertThat(kept.send(GET).read().status()).isEqualTo(200); // then nothing: keep-alive timeout
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stats().closedByReason())
                    .containsEntry("header_timeout", 1L).containsEntry("keepalive_timeout", 1L));
        }
        try (RawHttpClient c = server.client()) {
            String metrics = c.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").read().text();
            assertThat(metrics).contains("wharf_connections_closed_total{reason=\"header_timeout\"} 1.0")
                    .contains("wharf_connections_closed_total{reason=\"keepalive_timeout\"} 1.0")
                    .contains("wharf_connections_closed_total{reason=\"refused_max_connections\"} 0.0")
                    .contains("wharf_connections_lingering ");
            String json = c.send("GET /stats HTTP/1.1\r\nHost: x\r\n\r\n").read().text();
            assertThat(json).contains("\"header_timeout\":1").contains("\"keepalive_timeout\":1")
                    .contains("\"closed_by_reason\":{").contains("\"lingering_connections\":");
        }
    }
}
