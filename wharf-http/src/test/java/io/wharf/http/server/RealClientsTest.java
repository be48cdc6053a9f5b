package io.wharf.http.server;

import io.wharf.core.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** curl and wrk, as users drive a file server. */
class RealClientsTest {

    @TempDir
    Path root;
    private HttpTestServer server;
    private String curl;

    @BeforeEach
    void start() throws Exception {
        curl = DebianTools.require("curl", "curl");
        Files.writeString(root.resolve("index.html"), "<h1>hi</h1>\n");
        Files.writeString(root.resolve("data.txt"), "0123456789".repeat(1000));
        server = HttpTestServer.start(Model.REACTOR, root);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void curlRangeCompressedAndConditional() throws Exception {
        String range = DebianTools.output(curl, "-sS", "-r", "5-14", server.url("/data.txt"));
        assertThat(range).isEqualTo("5678901234");

        String compressed = DebianTools.output(curl, "-sS", "--compressed", "-D", "-", server.url("/data.txt"));
        assertThat(compressed).containsIgnoringCase("content-encoding: gzip").endsWith("0123456789".repeat(1000));

        String etag = DebianTools.output(curl, "-sS", "-o", "/dev/null", "-w", "%header{etag}", server.url("/index.html"));
        String status = DebianTools.output(curl, "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                "-H", "If-None-Match: " + etag, server.url("/index.html"));
        assertThat(status).isEqualTo("304");

        String twoOnOneConnection = DebianTools.output(curl, "-sS", "-w", "%{num_connects}\n",
                server.url("/index.html"), server.url("/index.html"));
        assertThat(twoOnOneConnection).contains("<h1>hi</h1>\n1\n<h1>hi</h1>\n0\n");
    }

    @Test
    void wrkSmokeRunHasNoErrors() throws Exception {
        String wrk = DebianTools.require("wrk", "wrk");
        String out = DebianTools.output(wrk, "-t1", "-c10", "-d2s", server.url("/index.html"));
        assertThat(out).contains("Requests/sec").doesNotContain("Non-2xx").doesNotContain("Socket errors");
    }
}
