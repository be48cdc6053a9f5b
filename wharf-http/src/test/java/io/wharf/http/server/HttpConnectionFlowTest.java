package io.wharf.http.server;

import io.wharf.core.stats.ServerStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HttpConnection's flow control, driven by hand through a {@link ScriptedConnection} (no engine, no threads):
 * what it answers, pauses and resumes when an answer is off the loop and when output is above the watermark.
 * The core's side of the SPI is not needed, so these hold on any branch.
 */
class HttpConnectionFlowTest {

    private static final String HELLO = get("/hello.txt");
    private static final String GZIP = "GET /app.css HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n";

    @TempDir
    Path root;
    private HttpService service;
    private ScriptedConnection c;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(root.resolve("hello.txt"), "hello\n");
        Files.writeString(root.resolve("app.css"), "body { color: red }\n".repeat(100));
        // no file cache: a first GET of hello.txt would be a cache miss, read off the loop; zero-copy is not
        service = new HttpService(HttpTestServer.config(root, "http.keepalive_requests=3", "http.file_cache=0"),
                new ServerStats());
        c = new ScriptedConnection(service.newHandler());
    }

    @AfterEach
    void stop() {
        service.shutdown();
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n";
    }

    @Test
    void requestsBehindAnOffloadedAnswerWaitForIt() {
        c.receive(GZIP + HELLO);
        assertThat(c.responses()).isEmpty();
        assertThat(c.offloadedCount()).isEqualTo(1);
        assertThat(c.pauses).isEqualTo(1);
        c.receive("GET /hello.txt HTTP/1.1\r\nHo"); // still arriving, the core's pause being a no-op here
        assertThat(c.responses()).isEmpty();

        c.completeOffloaded();
        List<RawResponse> answers = c.responses();
        assertThat(answers).hasSize(2);
        assertThat(answers.get(0).header("Content-Encoding")).contains("gzip");
        assertThat(answers.get(1).text()).isEqualTo("hello\n");
        assertThat(c.resumes).isEqualTo(1);
        assertThat(c.deadline).isEqualTo("keep-alive timeout");

        c.receive("st: h\r\n\r\n");
        RawResponse third = c.responses().get(0);
        assertThat(third.text()).isEqualTo("hello\n");
        assertThat(third.closes()).as("keepalive_requests=3 counts offloaded answers too").isTrue();
        assertThat(c.open).isFalse();
    }

    @Test
    void aParseErrorBehindAnOffloadedAnswerIsAnsweredAfterIt() {
        c.receive(GZIP + "GET / HTTP/1.1\r\nHost : h\r\n\r\n");
        assertThat(c.responses()).isEmpty();
        c.completeOffloaded();
        assertThat(c.responses()).extracting(RawResponse::status).containsExactly(200, 400);
        assertThat(c.open).isFalse();
    }

    @Test
    void aConnectionEndedWhileItsAnswerIsOffTheLoopWritesNothingMore() {
        c.receive(GZIP + HELLO);
        c.open = false;
        c.dropOffloaded();
        assertThat(c.responses()).isEmpty();
    }

    @Test
    void pipelinedRequestsStopWhileOutputIsAboveTheWatermark() {
        c.writable = false; // the first answer takes output over the high watermark
        c.receive(HELLO + HELLO + HELLO);
        assertThat(c.responses()).hasSize(1);
        assertThat(c.deadline).as("write_timeout, not keep-alive, polices a client that stops reading").isNull();
        c.writable(false);
        assertThat(c.responses()).isEmpty();

        c.writableFor(1); // drains, and the next answer fills it up again
        assertThat(c.responses()).hasSize(1);
        c.writable(true);
        List<RawResponse> last = c.responses();
        assertThat(last).hasSize(1);
        assertThat(last.get(0).closes()).isTrue();
    }

    @Test
    void answersResumeOnceOutputDrainsAndAgainBehindAnOffloadedOne() {
        c.writable = false;
        c.receive(HELLO + GZIP + HELLO);
        assertThat(c.responses()).hasSize(1);
        c.writable = true;
        c.writable(true);
        assertThat(c.responses()).isEmpty();
        assertThat(c.offloadedCount()).isEqualTo(1);
        c.completeOffloaded();
        assertThat(c.responses()).hasSize(2);
    }
}
