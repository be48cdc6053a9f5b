package io.wharf.http.server;

import io.wharf.core.stats.ServerStats;
import io.wharf.http.ops.HttpCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP's warm-up input for a {@code process}-model spare: complete requests that run the real path (a file sent
 * with sendfile, a 404) and end the connection, whatever the root holds or lacks, and on a rehearsal connection
 * nothing reaches the access log, the counters or the rate limiter, while the same bytes from a client are
 * recorded as usual.
 */
class HttpWarmUpTest {

    @TempDir
    Path dir;

    @Test
    void aRehearsalGetsTheIndexAndA404ThenTheCloseAndRecordsNothing() throws Exception {
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("index.html"), "<p>home</p>\n".repeat(1000)); // 12 KB, sent as a file
        Run run = serve(root, true, false);
        assertThat(run.statuses()).containsExactly(200, 404);
        assertThat(run.responses().get(0).body()).hasSize(12_000);
        assertThat(run.open()).as("the last request says Connection: close").isFalse();
        assertThat(run.requests()).isZero();
        assertThat(run.accessLog()).isEmpty();
        assertThat(Files.list(root)).as("nothing written to the root").containsExactly(root.resolve("index.html"));
    }

    /** A root that is empty, or was removed after the start (a server refuses to start without one). */
    @Test
    void anEmptyOrRemovedRootAnswersAndCloses() throws Exception {
        for (boolean removed : new boolean[] {false, true}) {
            Path root = Files.createDirectories(dir.resolve(removed ? "removed" : "empty"));
            Run run = serve(root, true, removed);
            assertThat(run.statuses()).as(root.toString()).hasSize(2).last().isEqualTo(404);
            assertThat(run.open()).isFalse();
            assertThat(run.requests()).isZero();
            assertThat(run.accessLog()).isEmpty();
        }
        assertThat(dir.resolve("removed")).as("not made again").doesNotExist();
    }

    @Test
    void theSameBytesFromAClientAreCountedAndLogged() throws Exception {
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("index.html"), "<p>home</p>\n");
        Run run = serve(root, false, false);
        assertThat(run.statuses()).containsExactly(200, 404);
        assertThat(run.requests()).isEqualTo(2);
        assertThat(run.accessLog()).hasSize(2);
        assertThat(run.accessLog().get(1)).contains("\"GET /.wharf-warm-up-404 HTTP/1.1\" 404 ");
    }

    /** A rate limit of 1 a second: a rehearsal takes no token, so the client's first request still gets one. */
    @Test
    void aRehearsalTakesNoRateLimitToken() throws Exception {
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("index.html"), "<p>home</p>\n");
        Path log = dir.resolve("access.log");
        HttpService service = new HttpService(HttpTestServer.config(root, "logging.access_log=" + log,
                "security.rate_limit=1", "http.file_cache=0"), new ServerStats());
        try {
            ScriptedConnection warmUp = new ScriptedConnection(service.newHandler(), true);
            warmUp.receive(new String(service.warmUpInput(), StandardCharsets.ISO_8859_1));
            assertThat(warmUp.responses()).extracting(RawResponse::status).containsExactly(200, 404);
            ScriptedConnection client = new ScriptedConnection(service.newHandler());
            client.receive("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(client.responses()).extracting(RawResponse::status).containsExactly(200);
        } finally {
            service.shutdown();
        }
    }

    private record Run(List<RawResponse> responses, boolean open, long requests, List<String> accessLog) {
        List<Integer> statuses() {
            return responses.stream().map(RawResponse::status).toList();
        }
    }

    /**
     * The warm-up input in one read on a new connection ({@code rehearsal} or a client's), the root first deleted
     * if {@code removeRoot}; then the service is stopped.
     */
    private Run serve(Path root, boolean rehearsal, boolean removeRoot) throws Exception {
        Path log = Files.createTempFile(dir, "access", ".log");
        ServerStats stats = new ServerStats();
        HttpService service = new HttpService(HttpTestServer.config(root, "logging.access_log=" + log,
                "http.file_cache=0"), stats);
        if (removeRoot) {
            Files.delete(root);
        }
        ScriptedConnection c = new ScriptedConnection(service.newHandler(), rehearsal);
        c.receive(new String(service.warmUpInput(), StandardCharsets.ISO_8859_1));
        List<RawResponse> responses = c.responses();
        service.shutdown(); // flushes the access log
        long requests = stats.published(HttpCounters.class).orElseThrow().requests();
        return new Run(responses, c.isOpen(), requests, Files.readAllLines(log));
    }
}
