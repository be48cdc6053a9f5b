package io.wharf.http.server;

import io.wharf.core.Model;
import io.wharf.core.security.PasswordHasher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Work that blocks (a PBKDF2 check on a cache miss, gzip of a file, reading a file not in the cache yet, a
 * directory listing) runs off the reactor's event loop, answers exactly as it does inline, and never lets a
 * pipelined request behind it be answered first.
 */
class OffloadTest {

    /** Enough that 20 checks keep two workers busy for a good while (PBKDF2 runs scale with it). */
    private static final int EXPENSIVE_ITERATIONS = 400_000;
    private static final String CSS = ".rule { color: #333; margin: 0 auto; padding: 4px 8px; }\n".repeat(8000);

    @TempDir
    Path root;
    private final List<HttpTestServer> servers = new ArrayList<>();

    @BeforeEach
    void files() throws Exception {
        Files.writeString(root.resolve("index.html"), "home");
        Files.writeString(root.resolve("app.css"), CSS);
        Files.writeString(root.resolve("small.txt"), "small file\n");
        Files.writeString(root.resolve("hello.txt"), "hello, wharf\n");
        Files.createDirectory(root.resolve("dir"));
        Files.writeString(root.resolve("dir/a.txt"), "a");
    }

    @AfterEach
    void stop() {
        servers.forEach(HttpTestServer::close);
    }

    private HttpTestServer start(Model model, String... settings) throws Exception {
        HttpTestServer s = HttpTestServer.start(model, root, settings);
        servers.add(s);
        return s;
    }

    /** Settings for Basic auth against a users file holding alice, whose password is {@code pw}. */
    private String[] auth(int iterations, String... more) throws IOException {
        Path users = root.resolveSibling(root.getFileName() + "-users");
        Files.writeString(users, "alice:" + new PasswordHasher(iterations).hash("pw".toCharArray()) + "\n");
        List<String> settings = new ArrayList<>(List.of("security.enable_auth=true", "http.users_file=" + users));
        settings.addAll(List.of(more));
        return settings.toArray(String[]::new);
    }

    private static String get(String path, String... headers) {
        StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headers) {
            req.append(h).append("\r\n");
        }
        return req.append("\r\n").toString();
    }

    private static String basic(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aHealthCheckOnTheSameLoopIsAnsweredWhileWrongPasswordsAreBeingHashed() throws Exception {
        HttpTestServer server = start(Model.REACTOR, auth(EXPENSIVE_ITERATIONS, "server.event_loops=1",
                "server.worker_threads=2"));
        int n = 20;
        List<RawHttpClient> clients = new ArrayList<>();
        long requestBytes = 0;
        AtomicInteger completions = new AtomicInteger();
        int[] order = new int[n];
        ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                RawHttpClient c = server.client();
                c.timeout(120_000);
                clients.add(c);
                String request = get("/index.html", basic("alice", "wrong-" + i)); // distinct: no cache can help
                requestBytes += request.length();
                c.send(request);
                int at = i;
                statuses.add(readers.submit(() -> {
                    RawResponse r = c.read();
                    order[at] = completions.incrementAndGet();
                    return r.status();
                }));
            }
            long all = requestBytes;
            // every wrong-password request has reached the loop before the health check is sent
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> server.server().stats().snapshot().bytesIn() >= all);

            int healthOrder;
            try (RawHttpClient health = server.client()) {
                health.timeout(120_000);
                RawResponse r = health.send(get("/health")).read();
                healthOrder = completions.incrementAndGet();
                assertThat(r.status()).isEqualTo(200);
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(401);
            }
            int lastWrongPassword = java.util.Arrays.stream(order).max().orElseThrow();
            assertThat(healthOrder).as("/health completed before the 20 wrong-password responses did")
                    .isLessThan(lastWrongPassword);
        } finally {
            readers.shutdownNow();
            for (RawHttpClient c : clients) {
                c.close();
            }
        }
    }

    /** The responses to these, on one keep-alive connection, each one offloaded under reactor but the last. */
    private static final String[] OFFLOADED = {
        get("/app.css", "Accept-Encoding: gzip"),   // gzip on the fly
        get("/small.txt"),                          // not cached yet: read from the disk
        get("/small.txt"),                          // a cache hit: synchronous
        "HEAD /app.css HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n\r\n",
        get("/dir/"),                               // a listing reads a directory
    };

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR"})
    void offloadedAnswersAreByteIdenticalToTheInlineOnes(Model model) throws Exception {
        List<RawResponse> inline = exchange(start(Model.THREAD, "http.directory_listing=true"));
        List<RawResponse> answers = exchange(start(model, "http.directory_listing=true"));
        for (int i = 0; i < OFFLOADED.length; i++) {
            assertThat(answers.get(i).statusLine()).as(OFFLOADED[i]).isEqualTo(inline.get(i).statusLine());
            assertThat(fieldsButDate(answers.get(i))).as(OFFLOADED[i]).isEqualTo(fieldsButDate(inline.get(i)));
            assertThat(answers.get(i).body()).as(OFFLOADED[i]).isEqualTo(inline.get(i).body());
        }
        assertThat(answers.get(0).header("Content-Encoding")).contains("gzip");
        assertThat(gunzip(answers.get(0).body())).isEqualTo(CSS);
        assertThat(answers.get(1).text()).isEqualTo("small file\n");
        assertThat(answers.get(4).text()).contains("a.txt");
    }

    private List<RawResponse> exchange(HttpTestServer server) throws IOException {
        List<RawResponse> responses = new ArrayList<>();
        try (RawHttpClient c = server.client()) {
            for (String request : OFFLOADED) {
                responses.add(request.startsWith("HEAD") ? c.send(request).readHead() : c.send(request).read());
            }
        }
        return responses;
    }

    private static List<String> fieldsButDate(RawResponse r) {
        return r.headers().stream().filter(h -> !h[0].equalsIgnoreCase("Date")).map(h -> h[0] + ": " + h[1]).toList();
    }

    private static String gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR"})
    void pipelinedRequestsBehindAnOffloadedOneAreAnsweredInOrder(Model model) throws Exception {
        HttpTestServer server = start(model);
        try (RawHttpClient c = server.client()) {
            c.send(get("/app.css", "Accept-Encoding: gzip") + get("/health") + get("/small.txt") + get("/hello.txt")
                    + get("/app.css", "Accept-Encoding: gzip") + get("/health", "Connection: close"));
            RawResponse css = c.read();
            assertThat(css.header("Content-Encoding")).contains("gzip");
            assertThat(gunzip(css.body())).isEqualTo(CSS);
            assertThat(c.read().text()).startsWith("{\"status\":\"ok\"");
            assertThat(c.read().text()).isEqualTo("small file\n");
            assertThat(c.read().text()).isEqualTo("hello, wharf\n");
            assertThat(gunzip(c.read().body())).isEqualTo(CSS);
            RawResponse last = c.read();
            assertThat(last.text()).startsWith("{\"status\":\"ok\"");
            assertThat(last.closes()).isTrue();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR"})
    void pipelinedRequestsBehindPasswordChecksAreAnsweredInOrder(Model model) throws Exception {
        HttpTestServer server = start(model, auth(20_000));
        try (RawHttpClient c = server.client()) {
            c.send(get("/index.html", basic("alice", "pw")) + get("/health") + get("/index.html", basic("alice", "pw"))
                    + get("/index.html", basic("alice", "nope")) + get("/hello.txt") + get("/health"));
            assertThat(c.read().text()).isEqualTo("home");                      // hashed off the loop
            assertThat(c.read().text()).startsWith("{\"status\":\"ok\"");      // no auth on built-ins
            assertThat(c.read().text()).isEqualTo("home");                      // verified moments ago: at once
            assertThat(c.read().status()).isEqualTo(401);                       // hashed off the loop
            assertThat(c.read().status()).isEqualTo(401);                       // no credentials: at once
            assertThat(c.read().text()).startsWith("{\"status\":\"ok\"");
        }
    }

    @Test
    void keepAliveLimitAndAccessLogHoldForOffloadedAnswers() throws Exception {
        Path log = root.resolveSibling(root.getFileName() + "-access.log");
        HttpTestServer server = start(Model.REACTOR, "http.keepalive_requests=2", "logging.access_log=" + log);
        try (RawHttpClient c = server.client()) {
            String gz = get("/app.css", "Accept-Encoding: gzip");
            c.send(gz + gz + gz);
            RawResponse first = c.read();
            RawResponse second = c.read();
            assertThat(first.closes()).isFalse();
            assertThat(second.closes()).as("keepalive_requests=2: the second answer closes").isTrue();
            assertThat(c.closedByServer()).isTrue();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Files.readAllLines(log))
                    .hasSize(2).allSatisfy(line -> assertThat(line)
                            .contains("\"GET /app.css HTTP/1.1\" 200 " + second.body().length + " ")));
        }
    }

    @Test
    void aClientGoneWhileItsAnswerIsOffTheLoopHarmsNothing() throws Exception {
        HttpTestServer server = start(Model.REACTOR, auth(EXPENSIVE_ITERATIONS, "server.event_loops=1",
                "server.worker_threads=1"));
        for (String request : List.of(get("/index.html", basic("alice", "gone")),
                get("/app.css", "Accept-Encoding: gzip", basic("alice", "pw")))) {
            try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
                s.setSoLinger(true, 0); // a reset, while the work is still queued or running
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> server.server().stats().snapshot().activeConnections() == 0);
        try (RawHttpClient c = server.client()) {
            c.timeout(60_000);
            assertThat(c.send(get("/index.html", basic("alice", "pw"))).read().text()).isEqualTo("home");
            assertThat(c.send(get("/health")).read().status()).isEqualTo(200);
        }
    }
}
