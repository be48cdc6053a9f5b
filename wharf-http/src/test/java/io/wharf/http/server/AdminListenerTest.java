package io.wharf.http.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.core.Model;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The admin listener of a host with an echo, an HTTP and an admin listener, under each non-blocking and the virtual model. */
class AdminListenerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL"})
    void healthListsEveryListener(Model model) throws Exception {
        try (AdminTestHost t = new AdminTestHost(model, root)) {
            HttpResponse<String> r = t.get("/health");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode h = JSON.readTree(r.body());
            assertThat(h.get("status").asText()).isEqualTo("ok");
            assertThat(h.get("uptime").isIntegralNumber()).isTrue();
            assertThat(h.get("connections").asLong()).isGreaterThanOrEqualTo(1); // this request's own
            List<String> listeners = new ArrayList<>();
            for (JsonNode l : h.get("listeners")) {
                listeners.add(l.get("name").asText() + "/" + l.get("protocol").asText() + ":" + l.get("port").asInt());
                assertThat(l.get("active").isIntegralNumber()).isTrue();
            }
            assertThat(listeners).containsExactly("echo/echo:" + t.address("echo").getPort(),
                    "web/http:" + t.address("web").getPort(), "admin/admin:" + t.address("admin").getPort());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL"})
    void metricsLabelEveryListenerAndHaveTheJvms(Model model) throws Exception {
        try (AdminTestHost t = new AdminTestHost(model, root); Socket echo = echoed(t, "echo")) {
            assertThat(t.send("GET", "web", "/missing").statusCode()).isEqualTo(404);

            HttpResponse<String> r = t.get("/metrics");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            String text = r.body();
            PrometheusText.check(text);
            assertThat(text).contains(
                    "# TYPE wharf_connections_total counter",
                    "wharf_connections_total{listener=\"echo\",protocol=\"echo\"} 1.0",
                    "wharf_connections_active{listener=\"echo\",protocol=\"echo\"} 1.0",
                    "wharf_received_bytes_total{listener=\"echo\",protocol=\"echo\"} 5.0",
                    "wharf_sent_bytes_total{listener=\"echo\",protocol=\"echo\"} 5.0",
                    "wharf_connections_refused_total{listener=\"echo\",protocol=\"echo\"} 0.0",
                    "wharf_errors_total{listener=\"web\",protocol=\"http\"} 0.0",
                    "wharf_connections_total{listener=\"web\",protocol=\"http\"} 1.0",
                    "wharf_connections_active{listener=\"admin\",protocol=\"admin\"} 1.0",
                    "wharf_http_requests_total{listener=\"web\",method=\"GET\",protocol=\"http\",status=\"404\"} 1.0",
                    "wharf_http_request_duration_seconds_count{listener=\"web\",protocol=\"http\"} 1",
                    "# TYPE jvm_memory_used_bytes gauge",
                    "jvm_memory_used_bytes{area=\"heap\"}",
                    "jvm_threads_current ",
                    "jvm_gc_collection_seconds_count{");
            // the admin listener is no HTTP file server: it has no request series of its own
            assertThat(text).doesNotContain("wharf_http_requests_total{listener=\"admin\"",
                    "wharf_http_requests_total{listener=\"echo\"");
            if (model != Model.VIRTUAL) {
                assertThat(text).contains("wharf_model_loop_iterations{listener=\"echo\",protocol=\"echo\"}");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL"})
    void listenersAddedOrRemovedLiveShowInTheNextScrape(Model model) throws Exception {
        try (AdminTestHost t = new AdminTestHost(model, root)) {
            assertThat(t.get("/metrics").body()).doesNotContain("listener=\"late\"");

            t.host.add(t.echo("late"));
            try (Socket late = echoed(t, "late")) {
                assertThat(t.get("/metrics").body())
                        .contains("wharf_connections_total{listener=\"late\",protocol=\"echo\"} 1.0");
                assertThat(t.get("/health").body()).contains("\"name\":\"late\"");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> t.host.listener("late").orElseThrow()
                    .openConnections() == 0);
            assertThat(t.host.remove("late", Duration.ofSeconds(5))).isTrue();

            String after = t.get("/metrics").body();
            PrometheusText.check(after);
            assertThat(after).doesNotContain("listener=\"late\"").contains("listener=\"echo\"");
            assertThat(t.get("/health").body()).doesNotContain("\"late\"");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL"})
    void statsHaveProcessTotalsAndEachListener(Model model) throws Exception {
        try (AdminTestHost t = new AdminTestHost(model, root); Socket echo = echoed(t, "echo")) {
            assertThat(t.send("GET", "web", "/missing").statusCode()).isEqualTo(404);

            HttpResponse<String> r = t.get("/stats");

            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode s = JSON.readTree(r.body());
            assertThat(s.get("http").get("requests").asLong()).isEqualTo(1);
            assertThat(s.get("http").get("by_status").get("4xx").asLong()).isEqualTo(1);
            JsonNode listeners = s.get("listeners");
            assertThat(listeners).hasSize(3);
            long total = 0;
            for (JsonNode l : listeners) {
                assertThat(l.get("model").asText()).isEqualTo(model.id());
                assertThat(l.get("address").asText()).isEqualTo("127.0.0.1");
                assertThat(l.get("port").asInt()).isEqualTo(t.address(l.get("name").asText()).getPort());
                assertThat(l.get("model_gauges").isObject()).isTrue();
                total += l.get("total_connections").asLong();
            }
            assertThat(s.get("total_connections").asLong()).isEqualTo(total).isEqualTo(3); // echo, web, this
            JsonNode echoStats = listeners.get(0);
            assertThat(echoStats.get("name").asText()).isEqualTo("echo");
            assertThat(echoStats.get("protocol").asText()).isEqualTo("echo");
            assertThat(echoStats.get("bytes_in").asLong()).isEqualTo(5);
            assertThat(echoStats.has("http")).isFalse();
            JsonNode web = listeners.get(1);
            assertThat(web.get("name").asText()).isEqualTo("web");
            assertThat(web.get("http").get("by_status").get("4xx").asLong()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL"})
    void healthIs503DrainingOnceShutdownHasBegun(Model model) throws Exception {
        AdminTestHost t = new AdminTestHost(model, root);
        try (Socket echo = echoed(t, "echo"); RawHttpClient admin = new RawHttpClient(t.address("admin"))) {
            RawResponse before = admin.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(before.status()).isEqualTo(200);
            assertThat(before.closes()).isFalse();

            // the open echo connection keeps the drain going while the held admin connection asks again
            CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(
                    () -> t.host.shutdown(Duration.ofSeconds(30)));
            await().atMost(Duration.ofSeconds(10)).until(t.host::draining);
            RawResponse during = admin.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read();

            assertThat(during.status()).isEqualTo(503);
            assertThat(JSON.readTree(during.body()).get("status").asText()).isEqualTo("draining");
            assertThat(during.closes()).isTrue(); // a draining server keeps no connection alive
            echo.close();
            assertThat(shutdown.get(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            t.close();
        }
    }

    /** A connection to an echo listener that has sent and got back {@code "ping\n"}, left open. */
    static Socket echoed(AdminTestHost t, String listener) throws Exception {
        Socket s = new Socket();
        s.setSoTimeout(5000);
        s.connect(t.address(listener), 5000);
        s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
        return s;
    }
}
