package io.wharf.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code wharf serve http --model process}: the requests its children served are in the listener's own
 * {@code /stats} and {@code /metrics} (each answered by a child of its own), as under the in-process models,
 * whether the server closed the connection or the client did, with the socket handed over or the bytes relayed;
 * and the accepting process counts each close under the reason its child saw.
 */
class ProcessStatsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The stats probes' own requests: counted too, under their own host, apart from the clients'. */
    private static final String PROBE_HOST = "probe.test";

    @ParameterizedTest(name = "child_fd_passing = {0}")
    @ValueSource(booleans = {true, false})
    void statsCountEveryRequestTheChildrenServed(boolean fdPassing, @TempDir Path dir) throws Exception {
        int port = WharfProcess.freePort();
        try (WharfProcess w = serve(dir, port, fdPassing)) {
            String base = "http://127.0.0.1:" + port;
            // three connections the server closes (Connection: close), one request each
            for (int i = 0; i < 3; i++) {
                assertThat(closingRequest(port, "/", "127.0.0.1")).startsWith("HTTP/1.1 200 ");
            }
            // two keep-alive connections of two requests each, which the client closes
            for (int i = 0; i < 2; i++) {
                try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                    assertThat(get(client, base + "/").statusCode()).isEqualTo(200);
                    assertThat(get(client, base + "/missing").statusCode()).isEqualTo(404);
                }
            }
            int requests = 7;
            AtomicInteger probes = new AtomicInteger();
            await().atMost(WAIT).failFast("wharf exited:\n" + w.output(), () -> !w.isAlive())
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        int before = probes.getAndIncrement(); // each earlier probe counts as a request too
                        JsonNode http = stats(port).path("http");
                        assertThat(http.path("by_host").path("127.0.0.1").asLong()).as(http.toString())
                                .isEqualTo(requests);
                        assertThat(http.path("requests").asLong()).as(http.toString()).isEqualTo(requests + before);
                        assertThat(http.path("by_status").path("4xx").asLong()).isEqualTo(2);
                    });
            String metrics = body(closingRequest(port, "/metrics", PROBE_HOST));
            assertThat(metrics).contains("wharf_http_requests_total{method=\"GET\",status=\"404\"} 2.0");
        }
    }

    @ParameterizedTest(name = "child_fd_passing = {0}")
    @ValueSource(booleans = {true, false})
    void closesAreCountedUnderTheReasonTheChildSaw(boolean fdPassing, @TempDir Path dir) throws Exception {
        int port = WharfProcess.freePort();
        int admin = WharfProcess.freePort();
        try (WharfProcess w = serve(dir, port, fdPassing, "--set", "http.admin_port=" + admin)) {
            for (int i = 0; i < 3; i++) {
                assertThat(closingRequest(port, "/", "127.0.0.1")).startsWith("HTTP/1.1 200 ");
            }
            for (int i = 0; i < 2; i++) {
                try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                    assertThat(get(client, "http://127.0.0.1:" + port + "/").statusCode()).isEqualTo(200);
                }
            }
            // the admin listener reads the accepting process's counts; a handed-over socket's end only its child saw
            await().atMost(WAIT).failFast("wharf exited:\n" + w.output(), () -> !w.isAlive())
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        JsonNode closed = JSON.createObjectNode();
                        for (JsonNode l : stats(admin).path("listeners")) {
                            if (l.path("name").asText().equals("http")) {
                                closed = l.path("closed_by_reason");
                            }
                        }
                        assertThat(closed.path("client_closed").asLong()).as(closed.toString()).isEqualTo(2);
                        assertThat(closed.path("server_closed").asLong()).as(closed.toString()).isEqualTo(3);
                    });
        }
    }

    /** {@code wharf serve http --model process} on {@code port} with two spares, serving a one-page site; ready. */
    private static WharfProcess serve(Path dir, int port, boolean fdPassing, String... more) throws Exception {
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>\n");
        List<String> args = new ArrayList<>(List.of("serve", "http", "--bind", "127.0.0.1", "--port", "" + port,
                "--model", "process", "--root", root.toString(), "--min-spare-children", "2",
                "--set", "server.child_fd_passing=" + fdPassing));
        args.addAll(List.of(more));
        WharfProcess w = WharfProcess.start(args.toArray(String[]::new));
        try {
            w.awaitOutput("ready on port " + port);
        } catch (Exception | AssertionError e) {
            w.close(); // not started: the test's try-with-resources never sees it
            throw e;
        }
        return w;
    }

    private static HttpResponse<String> get(HttpClient client, String uri) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode stats(int port) throws IOException {
        String response = closingRequest(port, "/stats", PROBE_HOST);
        assertThat(response).startsWith("HTTP/1.1 200 ");
        return JSON.readTree(body(response));
    }

    /** One {@code GET} on a connection of its own with {@code Connection: close}: the response, read to its end. */
    private static String closingRequest(int port, String path, String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) WAIT.toMillis()); // its child may have to start first: slow on a loaded machine
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }
}
