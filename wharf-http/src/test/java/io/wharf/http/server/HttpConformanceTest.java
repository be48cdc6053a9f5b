package io.wharf.http.server;

import io.wharf.core.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire protocol under every model, over raw sockets: framing, keep-alive, pipelining, errors. */
class HttpConformanceTest {

    private static final String GET = "GET /hello.txt HTTP/1.1\r\nHost: localhost\r\n\r\n";

    @TempDir
    Path root;
    private HttpTestServer server;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(root.resolve("hello.txt"), "hello, wharf\n");
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>\n");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpTestServer start(Model model, String... settings) throws Exception {
        server = HttpTestServer.start(model, root, settings);
        return server;
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void getServesAFileWithTheHeadersEveryResponseCarries(Model model) throws Exception {
        start(model);
        try (RawHttpClient c = server.client()) {
            RawResponse r = c.send(GET).read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(r.text()).isEqualTo("hello, wharf\n");
            assertThat(r.header("Content-Length")).contains("13");
            assertThat(r.header("Content-Type")).contains("text/plain; charset=utf-8");
            assertThat(r.header("Date")).isPresent();
            assertThat(r.header("Server")).isPresent();
            assertThat(r.header("ETag")).isPresent();
            assertThat(r.header("Last-Modified")).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void keepAliveReusesTheConnectionAfterA404AndPipelinesInOrder(Model model) throws Exception {
        start(model);
        try (RawHttpClient c = server.client()) {
            assertThat(c.send("GET /missing HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(404);
            assertThat(c.send(GET).read().text()).isEqualTo("hello, wharf\n");
            c.send(GET + "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n" + "HEAD /index.html HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            assertThat(c.read().status()).isEqualTo(404);
            RawResponse head = c.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).contains("14");
            assertThat(c.read().text()).isEqualTo("<h1>home</h1>\n");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"VIRTUAL", "EVENT", "REACTOR", "POOL"})
    void requestSplitAtEveryByte(Model model) throws Exception {
        start(model);
        byte[] request = (GET.replace("\r\n\r\n", "\r\nUser-Agent: split\r\nAccept: */*\r\n\r\n"))
                .getBytes(StandardCharsets.ISO_8859_1);
        try (RawHttpClient c = server.client()) {
            for (int split = 1; split < request.length; split++) {
                c.send(java.util.Arrays.copyOfRange(request, 0, split));
                c.send(java.util.Arrays.copyOfRange(request, split, request.length));
                RawResponse r = c.read();
                assertThat(r.status()).as("split at %d", split).isEqualTo(200);
                assertThat(r.text()).isEqualTo("hello, wharf\n");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"VIRTUAL", "EVENT"})
    void connectionCloseAndHttp10(Model model) throws Exception {
        start(model);
        try (RawHttpClient c = server.client()) {
            RawResponse r = c.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
            assertThat(r.closes()).isTrue();
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawHttpClient c = server.client()) {
            RawResponse r = c.send("GET /hello.txt HTTP/1.0\r\n\r\n").read();
            assertThat(r.statusLine()).startsWith("HTTP/1.");
            assertThat(r.status()).isEqualTo(200);
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawHttpClient c = server.client()) {
            RawResponse r = c.send("GET /hello.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(r.header("Connection")).hasValueSatisfying(v -> assertThat(v).containsIgnoringCase("keep-alive"));
            assertThat(c.send("GET /hello.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"VIRTUAL", "EVENT"})
    void methods(Model model) throws Exception {
        start(model);
        try (RawHttpClient c = server.client()) {
            RawResponse options = c.send("OPTIONS /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(options.status()).isIn(200, 204);
            assertThat(options.header("Allow")).hasValueSatisfying(v -> assertThat(v).contains("GET", "HEAD", "OPTIONS"));
            RawResponse post = c.send("POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc").read();
            assertThat(post.status()).isEqualTo(405);
            assertThat(post.header("Allow")).isPresent();
            RawResponse brew = c.send("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(brew.status()).isEqualTo(501);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"VIRTUAL", "EVENT"})
    void bodiesAreConsumedSoTheConnectionStaysInSync(Model model) throws Exception {
        start(model);
        try (RawHttpClient c = server.client()) {
            c.send("OPTIONS /hello.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n0\r\n\r\n" + GET);
            assertThat(c.read().status()).isIn(200, 204);
            assertThat(c.read().text()).isEqualTo("hello, wharf\n");
            c.send("OPTIONS /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody" + GET);
            assertThat(c.read().status()).isIn(200, 204);
            assertThat(c.read().text()).isEqualTo("hello, wharf\n");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"VIRTUAL", "EVENT"})
    void expectContinue(Model model) throws Exception {
        start(model);
        try (RawHttpClient c = server.client()) {
            c.send("OPTIONS /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(100);
            c.send("body");
            assertThat(c.read().status()).isIn(200, 204);
        }
        try (RawHttpClient c = server.client()) {
            c.send("PUT /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(405); // a final answer, no 100: the body is not wanted
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"VIRTUAL", "EVENT", "REACTOR"})
    void malformedRequestsGetTheirStatusAndTheConnectionCloses(Model model) throws Exception {
        start(model, "security.max_request_size=16");
        String big = "x".repeat(9000);
        String[][] cases = {
            {"GARBAGE\r\n\r\n", "400"},
            {"GET /hello.txt HTTP/1.1\r\n\r\n", "400"},                                   // no Host on 1.1
            {"GET /hello.txt HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", "400"},
            {"GET /hello.txt HTTP/1.1\r\nHost : x\r\n\r\n", "400"},                          // space before colon
            {"GET /hello.txt HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n", "400"},     // obs-fold
            {"GET /hello.txt HTTP/1.1\r\nHost: x\rX: y\r\n\r\n", "400"},                     // bare CR
            {"GET /" + big + " HTTP/1.1\r\nHost: x\r\n\r\n", "414"},
            {"GET /hello.txt HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n", "431"},
            {"OPTIONS /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n", "413"},
            {"GET /hello.txt HTTP/2.0\r\nHost: x\r\n\r\n", "505"},
            // request smuggling
            {"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG", "400"},
            {"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n", "400"},
            {"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", "400"},
            {"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n", "400"},
            {"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n\r\n0\r\n\r\n", "400"},
            {"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", "400"},
            {"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc", "400"},
        };
        for (String[] tc : cases) {
            try (RawHttpClient c = server.client()) {
                RawResponse r = c.send(tc[0]).read();
                assertThat(r.status()).as(tc[0].lines().findFirst().orElse("")).isEqualTo(Integer.parseInt(tc[1]));
                assertThat(r.closes()).as("Connection: close on %s", tc[1]).isTrue();
                assertThat(c.closedByServer()).isTrue();
            }
        }
    }
}
