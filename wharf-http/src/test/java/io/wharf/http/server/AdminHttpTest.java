package io.wharf.http.server;

import io.wharf.core.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The admin listener speaks HTTP/1.1 as the HTTP listener does: keep-alive, HEAD, 404, 405, framing. */
class AdminHttpTest {

    @TempDir
    Path root;
    private AdminTestHost t;

    @BeforeEach
    void start() throws Exception {
        t = new AdminTestHost(Model.EVENT, root);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void keepAliveServesEveryRouteOnOneConnection() throws Exception {
        try (RawHttpClient c = new RawHttpClient(t.address("admin"))) {
            for (String path : new String[] {"/health", "/stats", "/metrics", "/health"}) {
                RawResponse r = c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertThat(r.status()).as(path).isEqualTo(200);
                assertThat(r.closes()).isFalse();
                assertThat(r.header("Cache-Control")).hasValue("no-store");
                assertThat(r.header("Content-Length")).hasValue(Integer.toString(r.body().length));
            }
        }
    }

    @Test
    void optionsAsteriskAndUnimplementedMethodsAsOnTheHttpListener() throws Exception {
        try (RawHttpClient c = new RawHttpClient(t.address("admin"))) {
            RawResponse options = c.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(options.status()).isEqualTo(200);
            assertThat(options.header("Allow")).hasValue("GET, HEAD");
            assertThat(c.send("CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n").read().status()).isEqualTo(501);
            assertThat(c.send("PROPFIND /health HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(501);
            RawResponse post = c.send("POST /health HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(post.status()).isEqualTo(405);
            assertThat(post.header("Allow")).hasValue("GET, HEAD");
            RawResponse v = c.send("GET http://admin.example/health HTTP/1.2\r\nHost: x\r\n\r\n").read();
            assertThat(v.statusLine()).isEqualTo("HTTP/1.1 200 OK"); // absolute-form, a higher minor of 1
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttpClient c = new RawHttpClient(t.address("admin"))) {
            c.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(404);
            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    @Test
    void headHasTheHeadOfGetAndNoBody() throws Exception {
        try (RawHttpClient c = new RawHttpClient(t.address("admin"))) {
            RawResponse get = c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read();
            RawResponse head = c.send("HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n").readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
            assertThat(head.header("Content-Length")).isEqualTo(get.header("Content-Length"));
            // no body came: the next response on the connection starts right away
            assertThat(c.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(404);
        }
    }

    @Test
    void otherPathsAre404AndOtherMethods405() throws Exception {
        assertThat(t.get("/").statusCode()).isEqualTo(404);
        assertThat(t.get("/health/").statusCode()).isEqualTo(404);
        var post = t.send("POST", "admin", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(t.send("DELETE", "admin", "/health").statusCode()).isEqualTo(405);
    }

    @Test
    void curlScrapesIt() throws Exception {
        Path curl = Path.of("/usr/bin/curl");
        assumeThat(Files.isExecutable(curl)).as("curl is installed").isTrue();
        Process p = new ProcessBuilder(curl.toString(), "-sS", "--max-time", "10", "-i", t.url("admin", "/metrics"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Content-Type: text/plain; version=0.0.4; charset=utf-8",
                        "wharf_connections_total{listener=\"admin\",protocol=\"admin\"} 1.0",
                        "wharf_connections_total{listener=\"echo\",protocol=\"echo\"} 0.0",
                        "jvm_memory_used_bytes{area=\"heap\"}");
        PrometheusText.check(out.substring(out.indexOf("\r\n\r\n") + 4));
    }
}
