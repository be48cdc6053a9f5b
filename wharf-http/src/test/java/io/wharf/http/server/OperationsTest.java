package io.wharf.http.server;

import io.wharf.core.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Health, stats, metrics, access log, auth, rate limiting, header timeout, virtual hosts. */
class OperationsTest {

    @TempDir
    Path root;
    private HttpTestServer server;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(root.resolve("index.html"), "home");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private RawResponse get(String path, String... headers) throws Exception {
        return server.get(path, headers);
    }

    @Test
    void healthStatsAndMetrics() throws Exception {
        server = HttpTestServer.start(Model.EVENT, root);
        get("/index.html");
        get("/nope");
        RawResponse health = get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(health.text()).matches("\\{\"status\":\"ok\",\"uptime\":\\d+,\"connections\":\\d+}");
        RawResponse stats = get("/stats");
        assertThat(stats.text()).contains("\"total_connections\"", "\"bytes_out\"", "\"2xx\"", "\"4xx\"");
        RawResponse metrics = get("/metrics");
        assertThat(metrics.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.text()).contains("http_requests", "status=\"404\"", "http_request_duration_seconds",
                "wharf_connections_active");
    }

    @Test
    void accessLogInCombinedFormat() throws Exception {
        Path log = root.resolveSibling(root.getFileName() + "-access.log");
        server = HttpTestServer.start(Model.EVENT, root, "logging.access_log=" + log);
        get("/index.html", "Referer: http://ref.example/", "User-Agent: test-agent/1.0");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(log) && !Files.readString(log).isBlank());
        assertThat(Files.readString(log).strip()).matches("127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} "
                + "[+-]\\d{4}] \"GET /index\\.html HTTP/1\\.1\" 200 4 \"http://ref\\.example/\" \"test-agent/1\\.0\"");
    }

    @Test
    void basicAuthWithBuiltinsExempt() throws Exception {
        Path users = root.resolveSibling(root.getFileName() + "-users");
        Files.writeString(users, "alice:" + new io.wharf.core.security.PasswordHasher().hash("s3cret".toCharArray()) + "\n");
        server = HttpTestServer.start(Model.VIRTUAL, root, "security.enable_auth=true", "http.users_file=" + users);
        RawResponse anonymous = get("/index.html");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
        assertThat(get("/index.html", basic("alice", "wrong")).status()).isEqualTo(401);
        assertThat(get("/index.html", basic("alice", "s3cret")).text()).isEqualTo("home");
        assertThat(get("/health").status()).isEqualTo(200);
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() throws Exception {
        server = HttpTestServer.start(Model.EVENT, root, "security.rate_limit=2");
        int limited = 0;
        String retryAfter = null;
        try (RawHttpClient c = server.client()) {
            for (int i = 0; i < 10; i++) {
                RawResponse r = c.send("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n").read();
                if (r.status() == 429) {
                    limited++;
                    retryAfter = r.header("Retry-After").orElse(null);
                }
            }
        }
        assertThat(limited).isGreaterThan(0);
        assertThat(retryAfter).matches("\\d+");
    }

    @Test
    void aClientTricklingItsHeadersIsClosedWithoutHoldingAThread() throws Exception {
        server = HttpTestServer.start(Model.EVENT, root, "http.header_timeout=1s");
        long threads = server.server().stats().snapshot().modelGauges().get("threads_alive");
        try (RawHttpClient c = server.client()) {
            c.timeout(5000);
            c.send("GET /index.html HTTP/1.1\r\nHo");
            assertThat(server.server().stats().snapshot().modelGauges().get("threads_alive")).isEqualTo(threads);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void virtualHostsByHostHeader() throws Exception {
        Path other = Files.createDirectories(root.resolveSibling(root.getFileName() + "-other"));
        Files.writeString(other.resolve("index.html"), "other site");
        server = HttpTestServer.start(Model.EVENT, root, "http.virtual_hosts=other.example=" + other);
        try (RawHttpClient c = server.client()) {
            assertThat(c.send("GET / HTTP/1.1\r\nHost: other.example:8080\r\n\r\n").read().text()).isEqualTo("other site");
            assertThat(c.send("GET / HTTP/1.1\r\nHost: unknown.example\r\n\r\n").read().text()).isEqualTo("home");
        }
    }

    @Test
    void builtInRoutesOnASeparateAdminPortOnly() throws Exception {
        int adminPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            adminPort = probe.getLocalPort();
        }
        String[] settings = {"http.admin_port=" + adminPort, "http.health_path=/healthz"};
        server = HttpTestServer.start(Model.EVENT, root, settings);
        assertThat(get("/healthz").status()).isEqualTo(404);
        // the companion admin listener the CLI starts beside it, as the HTTP protocol asks for it
        io.wharf.core.config.Config config = HttpTestServer.config(root, settings);
        java.util.List<io.wharf.core.spi.Companion> companions = new HttpProtocol().companions(config);
        assertThat(companions).singleElement().satisfies(c -> assertThat(c.protocol()).isEqualTo("admin"));
        for (var e : companions.get(0).settings().entrySet()) {
            config = config.override(e.getKey(), e.getValue(), "companion");
        }
        assertThat(config.get(io.wharf.core.config.CoreKeys.BIND_ADDRESS)).isEqualTo("127.0.0.1");
        io.wharf.core.stats.ServerStats stats = new io.wharf.core.stats.ServerStats();
        try (io.wharf.core.Server admin = io.wharf.core.Server.start(io.wharf.core.config.CoreKeys.settings(config, 0),
                new AdminProtocol().start(new io.wharf.core.spi.ServiceContext("admin", config, stats,
                        io.wharf.core.spi.HostView.NONE)), stats);
             RawHttpClient c = new RawHttpClient(new java.net.InetSocketAddress("127.0.0.1", adminPort))) {
            assertThat(admin.settings().model()).isEqualTo(Model.EVENT);
            assertThat(c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).startsWith("{\"status\":\"ok\"");
            assertThat(c.send("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(404);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = Model.class, names = {"THREAD", "VIRTUAL", "POOL", "EVENT",
            "REACTOR"})
    void aDrainClosesIdleKeepAliveConnectionsAtOnceAndLetsBusyOnesFinish(Model model) throws Exception {
        server = HttpTestServer.start(model, root, "http.keepalive_timeout=5m");
        try (RawHttpClient idle = server.client(); RawHttpClient busy = server.client()) {
            assertThat(idle.send("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n").read().closes()).isFalse();
            long before = server.server().stats().snapshot().bytesIn();
            String partial = "GET /index.html HTTP/1.1\r\nHost: x\r\n";
            busy.send(partial); // a request still arriving
            await().until(() -> server.server().stats().snapshot().bytesIn() >= before + partial.length());
            java.util.concurrent.CompletableFuture<Boolean> drained = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> server.server().shutdown(Duration.ofMinutes(2)));
            assertThat(idle.closedByServer()).as("the idle connection is closed by the drain").isTrue();
            RawResponse last = busy.send("\r\n").read();
            assertThat(last.status()).isEqualTo(200);
            assertThat(last.closes()).as("Connection: close on the busy one's response").isTrue();
            assertThat(drained.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A load balancer checking /health on a kept connection learns of the drain before the listener goes. */
    @Test
    void healthSaysDrainingOnceTheDrainHasBegun() throws Exception {
        server = HttpTestServer.start(Model.EVENT, root);
        try (RawHttpClient c = server.client()) {
            RawResponse before = c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(before.status()).isEqualTo(200);
            assertThat(before.text()).contains("\"status\":\"ok\"");
            java.util.concurrent.CompletableFuture.runAsync(() -> server.server().shutdown(Duration.ofSeconds(30)));
            await().until(this::isDraining);
            RawResponse during = c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(during.status()).isEqualTo(503);
            assertThat(during.text()).contains("\"status\":\"draining\"");
            assertThat(during.closes()).isTrue();
        }
    }

    private boolean isDraining() {
        try (java.net.Socket probe = new java.net.Socket()) {
            probe.connect(server.address(), 200);
            return false; // still accepting: the drain has not begun
        } catch (java.io.IOException e) {
            return true;
        }
    }

    @Test
    void aCachedFileIsServedFreshAfterItChanges() throws Exception {
        server = HttpTestServer.start(Model.EVENT, root);
        assertThat(get("/index.html").text()).isEqualTo("home");
        assertThat(get("/index.html").text()).isEqualTo("home");
        Files.writeString(root.resolve("index.html"), "home, rewritten");
        assertThat(get("/index.html").text()).isEqualTo("home, rewritten");
    }

    @Test
    void keepAliveIdleTimeoutAndRequestCap() throws Exception {
        server = HttpTestServer.start(Model.EVENT, root, "http.keepalive_timeout=1s", "http.keepalive_requests=2");
        try (RawHttpClient c = server.client()) {
            assertThat(c.send("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n").read().closes()).isFalse();
            RawResponse second = c.send("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(second.closes()).as("keepalive_requests=2 closes after the second").isTrue();
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawHttpClient idle = server.client()) {
            assertThat(idle.send("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            assertThat(idle.closedByServer()).as("closed after the 1 s keep-alive timeout").isTrue();
        }
    }

    @Test
    void aBodyThatStopsArrivingIsTimedOut() throws Exception {
        server = HttpTestServer.start(Model.REACTOR, root, "http.body_timeout=1s");
        try (RawHttpClient c = server.client()) {
            c.send("OPTIONS /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void maxConnectionsAnswers503() throws Exception {
        server = HttpTestServer.start(Model.VIRTUAL, root, "server.max_connections=1");
        try (RawHttpClient first = server.client(); RawHttpClient second = server.client()) {
            RawResponse busy = second.read();
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.header("Retry-After")).isPresent();
            assertThat(first.send("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
        }
    }

    private static String basic(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
