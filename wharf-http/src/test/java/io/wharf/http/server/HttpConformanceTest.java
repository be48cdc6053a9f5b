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
            {"GET /f#frag HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
            {"GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
            {"GET ftp://x/f HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
            {"GET http://u:p@x/f HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
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

    // RFC 9110 / 9112 deviations found by a differential run against nginx (issue 11), under every model

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"THREAD", "VIRTUAL", "POOL", "EVENT", "REACTOR"})
    void absoluteFormRoutesByItsAuthorityAndIgnoresHost(Model model) throws Exception {
        Path a = Files.createDirectories(root.resolveSibling(root.getFileName() + "-a"));
        Path b = Files.createDirectories(root.resolveSibling(root.getFileName() + "-b"));
        Files.writeString(a.resolve("who.txt"), "site A\n");
        Files.writeString(b.resolve("who.txt"), "site B\n");
        start(model, "http.virtual_hosts=a.example=" + a + ", b.example=" + b);
        try (RawHttpClient c = server.client()) {
            assertThat(c.send("GET http://b.example/who.txt HTTP/1.1\r\nHost: a.example\r\n\r\n").read().text())
                    .isEqualTo("site B\n");
            assertThat(c.send("GET HTTP://B.EXAMPLE:8080/who.txt?x=1 HTTP/1.1\r\nHost: a.example\r\n\r\n").read()
                    .text()).isEqualTo("site B\n");
            assertThat(c.send("GET /who.txt HTTP/1.1\r\nHost: a.example\r\n\r\n").read().text()).isEqualTo("site A\n");
            Files.createDirectories(b.resolve("dir"));
            RawResponse redirect = c.send("GET http://b.example/dir?x=1 HTTP/1.1\r\nHost: a.example\r\n\r\n").read();
            assertThat(redirect.status()).isEqualTo(301);
            assertThat(redirect.header("Location")).contains("/dir/?x=1"); // the query, not the path's tail
            assertThat(c.send("GET http://other.example/hello.txt HTTP/1.1\r\nHost: b.example\r\n\r\n").read().text())
                    .isEqualTo("hello, wharf\n"); // an unknown authority gets document_root, whatever Host says
            // the per-host counters count the authority too: b.example three times, a.example once
            String stats = c.send("GET /stats HTTP/1.1\r\nHost: x\r\n\r\n").read().text();
            assertThat(stats).contains("\"b.example\":3").contains("\"a.example\":1");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"THREAD", "VIRTUAL", "POOL", "EVENT", "REACTOR"})
    void versionsHigherMinorIsOneOneAndTheStatusLineIsAlwaysOneOne(Model model) throws Exception {
        Files.createDirectories(root.resolve("dir"));
        Files.writeString(root.resolve("dir/a.txt"), "a");
        start(model, "http.directory_listing=true");
        try (RawHttpClient c = server.client()) {
            RawResponse r = c.send("GET /hello.txt HTTP/1.2\r\nHost: x\r\n\r\n").read();
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(r.closes()).isFalse(); // 1.1 semantics: keep-alive
            assertThat(c.send("GET /hello.txt HTTP/1.9\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
        }
        for (String v : new String[] {"HTTP/2.0", "HTTP/0.9", "HTTP/3.1"}) {
            try (RawHttpClient c = server.client()) {
                RawResponse r = c.send("GET /hello.txt " + v + "\r\nHost: x\r\n\r\n").read();
                assertThat(r.status()).as(v).isEqualTo(505);
                assertThat(c.closedByServer()).isTrue();
            }
        }
        try (RawHttpClient c = server.client()) {
            RawResponse r = c.send("GET /hello.txt HTTP/1.0\r\n\r\n").read();
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(r.closes()).isTrue(); // 1.0 semantics: close unless keep-alive was asked for
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawHttpClient c = server.client()) {
            RawResponse r = c.send("GET /dir/ HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(r.header("Transfer-Encoding")).isEmpty(); // no chunking for a 1.0 client
            assertThat(r.header("Content-Length")).isPresent();
            assertThat(r.header("Connection")).hasValueSatisfying(v -> assertThat(v).containsIgnoringCase("keep-alive"));
            assertThat(c.send("GET /hello.txt HTTP/1.0\r\n\r\n").read().statusLine()).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"THREAD", "VIRTUAL", "POOL", "EVENT", "REACTOR"})
    void optionsAsteriskConnectAndTheMethodsWeDoNotImplement(Model model) throws Exception {
        start(model);
        try (RawHttpClient c = server.client()) {
            RawResponse options = c.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(options.status()).isEqualTo(200);
            assertThat(options.header("Allow")).contains("GET, HEAD, OPTIONS");
            assertThat(options.header("Content-Length")).contains("0");
            RawResponse connect = c.send("CONNECT b.example:443 HTTP/1.1\r\nHost: b.example:443\r\n\r\n").read();
            assertThat(connect.status()).isEqualTo(501);
            assertThat(c.send("PROPFIND /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(501);
            RawResponse delete = c.send("DELETE /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(delete.status()).isEqualTo(405); // a resource exists, the method is known but not allowed
            assertThat(delete.header("Allow")).contains("GET, HEAD, OPTIONS");
            assertThat(c.send("DELETE /missing HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(404);
            assertThat(c.send(GET).read().status()).isEqualTo(200); // all of it on one kept-alive connection
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"THREAD", "VIRTUAL", "POOL", "EVENT", "REACTOR"})
    void targetsInTheWrongFormOrLaxAreA400(Model model) throws Exception {
        start(model);
        String[] targets = {
            "GET b.example:443 HTTP/1.1",           // authority-form is for CONNECT only
            "HEAD * HTTP/1.1",                      // asterisk-form is for OPTIONS only
            "CONNECT /hello.txt HTTP/1.1",          // CONNECT takes authority-form only
            "GET http://u:p@x/hello.txt HTTP/1.1",  // userinfo
            "GET ftp://x/hello.txt HTTP/1.1",       // only http and https
            "GET /hello.txt#frag HTTP/1.1",         // a fragment is not part of a request target
            "GET /%zz HTTP/1.1",                    // malformed percent-encoding: 400, not 403
            "GET /hello%2.txt HTTP/1.1",
        };
        for (String line : targets) {
            try (RawHttpClient c = server.client()) {
                RawResponse r = c.send(line + "\r\nHost: x\r\n\r\n").read();
                assertThat(r.status()).as(line).isEqualTo(400);
                assertThat(c.closedByServer()).as(line).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"THREAD", "VIRTUAL", "POOL", "EVENT", "REACTOR"})
    void notModifiedCarriesTheVaryTheOkWouldCarry(Model model) throws Exception {
        start(model);
        try (RawHttpClient c = server.client()) {
            RawResponse ok = c.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\n\r\n").read();
            assertThat(ok.header("Vary")).contains("Accept-Encoding");
            String etag = ok.header("ETag").orElseThrow();
            RawResponse notModified = c.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag
                    + "\r\n\r\n").read();
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(notModified.header("Vary")).contains("Accept-Encoding");
            assertThat(notModified.header("ETag")).contains(etag);
            RawResponse since = c.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: "
                    + ok.header("Last-Modified").orElseThrow() + "\r\n\r\n").read();
            assertThat(since.status()).isEqualTo(304);
            assertThat(since.header("Vary")).contains("Accept-Encoding");
        }
    }
}
