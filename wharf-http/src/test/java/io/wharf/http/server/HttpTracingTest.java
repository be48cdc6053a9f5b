package io.wharf.http.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.wharf.core.Model;
import io.wharf.tracing.OtlpReceiver;
import io.wharf.tracing.Tracing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP server spans, exported over OTLP/HTTP to a receiver in the test: the caller's traceparent is the parent,
 * the stable semantic-convention attributes are there, an offloaded step is a child span of the request under
 * every in-process model (the reactor's worker pool, virtual threads, inline), sampling 0 keeps nothing, and a
 * collector that is down costs the requests nothing.
 */
class HttpTracingTest {

    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "traceparent: 00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01";
    private static final String CSS = ".rule { color: #333; margin: 0 auto; padding: 4px 8px; }\n".repeat(200);

    @TempDir
    Path root;
    private OtlpReceiver receiver;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(root.resolve("hello.txt"), "hello, wharf\n");
        Files.writeString(root.resolve("app.css"), CSS);
        receiver = new OtlpReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private HttpTestServer server(Model model, String... more) throws Exception {
        List<String> s = new java.util.ArrayList<>(List.of("tracing.enabled=on",
                "tracing.endpoint=" + receiver.endpoint(), "tracing.export_interval=50ms", "http.file_cache=0"));
        s.addAll(List.of(more));
        return HttpTestServer.start(model, root, s.toArray(String[]::new));
    }

    private List<OtlpReceiver.Received> awaitSpans(int n) {
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.spans().size() >= n);
        return receiver.spans();
    }

    @Test
    void aRequestWithATraceparentIsAServerSpanUnderTheCallersSpan() throws Exception {
        try (HttpTestServer server = server(Model.EVENT)) {
            RawResponse r = server.get("/hello.txt", TRACEPARENT, "tracestate: vendor=1", "User-Agent: curl/8");
            assertThat(r.status()).isEqualTo(200);
            OtlpReceiver.Received span = awaitSpans(1).getFirst();
            assertThat(span.traceId()).isEqualTo(CALLER_TRACE);
            assertThat(span.parentSpanId()).isEqualTo(CALLER_SPAN);
            assertThat(span.kind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER_VALUE);
            assertThat(span.name()).isEqualTo("GET");
            assertThat(span.attributes())
                    .containsEntry("http.request.method", "GET")
                    .containsEntry("url.path", "/hello.txt")
                    .containsEntry("url.scheme", "http")
                    .containsEntry("http.response.status_code", "200")
                    .containsEntry("http.response.body.size", "13")
                    .containsEntry("client.address", "127.0.0.1")
                    .containsEntry("network.protocol.version", "1.1")
                    .containsEntry("server.port", Integer.toString(server.address().getPort()))
                    .containsEntry("server.address", "localhost")
                    .containsEntry("user_agent.original", "curl/8");
        }
    }

    @Test
    void aRequestWithoutOneStartsATraceAndABuiltinRouteNamesIt() throws Exception {
        try (HttpTestServer server = server(Model.EVENT)) {
            assertThat(server.get("/health").status()).isEqualTo(200);
            assertThat(server.get("/missing").status()).isEqualTo(404);
            List<OtlpReceiver.Received> spans = awaitSpans(2);
            OtlpReceiver.Received health = spans.stream().filter(s -> s.name().equals("GET /health")).findFirst()
                    .orElseThrow();
            assertThat(health.parentSpanId()).isEmpty();
            assertThat(health.attribute("http.route")).isEqualTo("/health");
            assertThat(spans).anyMatch(s -> "404".equals(s.attribute("http.response.status_code"))
                    && s.attribute("http.route") == null);
        }
    }

    /** A known pitfall: the context must cross to the worker that runs the step, whatever the model. */
    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"ITERATIVE", "THREAD", "VIRTUAL", "POOL", "EVENT", "REACTOR"})
    void anOffloadedGzipIsAChildSpanOfTheRequest(Model model) throws Exception {
        try (HttpTestServer server = server(model)) {
            RawResponse r = server.get("/app.css", TRACEPARENT, "Accept-Encoding: gzip");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Encoding")).contains("gzip");
            List<OtlpReceiver.Received> spans = awaitSpans(2);
            OtlpReceiver.Received request = spans.stream().filter(s -> s.name().equals("GET")).findFirst().orElseThrow();
            OtlpReceiver.Received gzip = spans.stream().filter(s -> s.name().equals("gzip")).findFirst().orElseThrow();
            assertThat(gzip.traceId()).isEqualTo(CALLER_TRACE);
            assertThat(gzip.parentSpanId()).isEqualTo(request.spanId());
            assertThat(request.parentSpanId()).isEqualTo(CALLER_SPAN);
        }
    }

    /** The other half of the pitfall: a worker thread reused by the next request must not carry the last context. */
    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"POOL", "VIRTUAL", "REACTOR"})
    void theNextRequestOnTheSameThreadsStartsATraceOfItsOwn(Model model) throws Exception {
        try (HttpTestServer server = server(model, "server.thread_pool_size=1", "server.event_loops=1",
                "server.worker_threads=1")) {
            assertThat(server.get("/app.css", TRACEPARENT, "Accept-Encoding: gzip").status()).isEqualTo(200);
            assertThat(server.get("/hello.txt").status()).isEqualTo(200);
            List<OtlpReceiver.Received> spans = awaitSpans(3);
            List<OtlpReceiver.Received> own = spans.stream().filter(s -> !s.traceId().equals(CALLER_TRACE)).toList();
            assertThat(own).hasSize(1);
            assertThat(own.getFirst().name()).isEqualTo("GET");
            assertThat(own.getFirst().attribute("url.path")).isEqualTo("/hello.txt");
            assertThat(own.getFirst().parentSpanId()).isEmpty();
        }
    }

    @Test
    void theTracingCountsAreInMetricsAndStats() throws Exception {
        try (HttpTestServer server = server(Model.EVENT)) {
            for (int i = 0; i < 3; i++) {
                assertThat(server.get("/hello.txt").status()).isEqualTo(200);
            }
            awaitSpans(3);
            // an export is counted once the collector has answered it, just after it has the spans
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> count(server.get("/metrics").text(), "wharf_tracing_spans_exported_total") >= 3);
            String metrics = server.get("/metrics").text();
            PrometheusText.check(metrics);
            assertThat(count(metrics, "wharf_tracing_spans_started_total")).isGreaterThanOrEqualTo(4);
            assertThat(count(metrics, "wharf_tracing_spans_sampled_total")).isGreaterThanOrEqualTo(4);
            assertThat(metrics).contains("wharf_tracing_spans_dropped_total{reason=\"queue_full\"} ",
                    "wharf_tracing_spans_dropped_total{reason=\"export_failed\"} ", "wharf_tracing_export_failures_total ");
            var tracing = new com.fasterxml.jackson.databind.ObjectMapper().readTree(server.get("/stats").text())
                    .get("tracing");
            assertThat(tracing.get("spans_exported").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(tracing.get("spans_started").asLong()).isGreaterThanOrEqualTo(tracing.get("spans_sampled").asLong());
            assertThat(tracing.has("spans_dropped_queue_full")).isTrue();
        }
    }

    /** The value of the unlabelled sample {@code name} in a text exposition. */
    private static double count(String exposition, String name) {
        return exposition.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(name.length() + 1).trim())).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    @Test
    void samplingZeroKeepsNoNewTraceButFollowsASampledCaller() throws Exception {
        try (HttpTestServer server = server(Model.REACTOR, "tracing.sampling_ratio=0")) {
            for (int i = 0; i < 20; i++) {
                assertThat(server.get("/hello.txt").status()).isEqualTo(200);
            }
            assertThat(server.get("/hello.txt", TRACEPARENT).status()).isEqualTo(200); // parent-based: kept
            List<OtlpReceiver.Received> spans = awaitSpans(1);
            server.close(); // flushes whatever is left
            assertThat(receiver.spans()).hasSize(1);
            assertThat(spans.getFirst().traceId()).isEqualTo(CALLER_TRACE);
        }
    }

    @Test
    void aCollectorThatIsDownCostsTheRequestsNothing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port + "/v1/traces";
        try (HttpTestServer server = HttpTestServer.start(Model.REACTOR, root, "tracing.enabled=on",
                "tracing.endpoint=" + endpoint, "tracing.export_interval=50ms")) {
            for (int i = 0; i < 20; i++) {
                assertThat(server.get("/hello.txt").status()).isEqualTo(200);
            }
            Tracing same = Tracing.acquire(HttpTestServer.config(root, "tracing.enabled=on",
                    "tracing.endpoint=" + endpoint, "tracing.export_interval=50ms")); // the server's shared SDK
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> same.failedExports() >= 1);
            } finally {
                same.release();
            }
            String metrics = server.get("/metrics").text(); // counted where an operator looks
            assertThat(count(metrics, "wharf_tracing_export_failures_total")).isGreaterThanOrEqualTo(1);
            assertThat(metrics).contains("wharf_tracing_spans_dropped_total{reason=\"export_failed\"} ");
        }
    }

    @Test
    void theJsonAccessLogCarriesTheRequestsTraceIds() throws Exception {
        Path log = Files.createTempDirectory("access").resolve("access.log");
        try (HttpTestServer server = server(Model.VIRTUAL, "logging.access_log=" + log,
                "logging.access_log_format=json")) {
            assertThat(server.get("/hello.txt", TRACEPARENT).status()).isEqualTo(200);
            OtlpReceiver.Received span = awaitSpans(1).getFirst();
            server.close(); // flushes the access log
            String line = Files.readAllLines(log).getFirst();
            var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            assertThat(n.get("request").asText()).isEqualTo("GET /hello.txt HTTP/1.1");
            assertThat(n.get("status").asInt()).isEqualTo(200);
            assertThat(n.get("trace_id").asText()).isEqualTo(CALLER_TRACE);
            assertThat(n.get("span_id").asText()).isEqualTo(span.spanId());
        }
    }

    @Test
    void aLineLoggedInsideTheSpanCarriesItsIds() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(Exchange.class);
        Level was = logger.getLevel();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.DEBUG);
        try (HttpTestServer server = server(Model.REACTOR)) {
            RawResponse r = server.get("/hello.txt", TRACEPARENT, "Expect: teapot", "Content-Length: 3");
            assertThat(r.status()).isEqualTo(417);
            ILoggingEvent line = lines.list.stream().filter(e -> e.getFormattedMessage().startsWith("417"))
                    .findFirst().orElseThrow();
            assertThat(line.getMDCPropertyMap()).containsEntry("trace_id", CALLER_TRACE).containsKey("span_id");
            OtlpReceiver.Received span = awaitSpans(1).getFirst();
            assertThat(line.getMDCPropertyMap()).containsEntry("span_id", span.spanId());
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(was);
        }
    }
}
