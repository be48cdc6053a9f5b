package io.wharf.http.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.core.stats.ServerStats;
import io.wharf.core.stats.StatsSnapshot;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON bodies of the built-in {@code /health} and {@code /stats} routes.
 * <ul>
 *   <li>{@code /health}: {@code {"status":"ok","uptime":12,"connections":3}} (uptime in seconds, connections
 *       open now);</li>
 *   <li>{@code /stats}: every field of the core {@link StatsSnapshot} in snake_case,
 *       {@code "closed_by_reason":{"client_closed":N,"header_timeout":N,"refused_max_connections":N,...}},
 *       {@code "lingering_connections":N}, plus {@code "http"}:
 *       {@code {"requests":N,"by_status":{"1xx":..,"5xx":..},"bytes_sent":N,"by_host":{"example.org":N}}};
 *       under the prefork model the top-level fields and {@code "http"} are the whole server's, summed over
 *       every worker process (those retired by a reload or a restart included; up to a second behind), and
 *       {@code "workers"} has each running worker process's own core fields, by worker name; under
 *       {@code process}, answered by a child, they are the accepting process's as the child's connection was
 *       taken, with {@code "http"} counting every child's requests (a child's once its connection has ended)
 *       and the child's own so far; {@code "tracing"}
 *       has the process's tracing counts ({@code spans_started}, {@code spans_sampled}, {@code spans_exported},
 *       {@code spans_dropped_queue_full}, {@code spans_dropped_export_failed}, {@code export_failures}) once
 *       tracing has been on.</li>
 * </ul>
 *
 * <p>Threading: safe from any thread; cheap enough for an event loop.
 */
public final class HealthAndStats {

    public static final String CONTENT_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A {@code /health} answer: its status (200, or 503 while the process drains) and its JSON body. */
    public record Health(int status, byte[] body) {
    }

    private final ServerStats stats;
    private final HttpCounters counters;

    public HealthAndStats(ServerStats stats, HttpCounters counters) {
        this.stats = stats;
        this.counters = counters;
    }

    /** The {@code /health} body, UTF-8 JSON. */
    public byte[] health() {
        return health(false).body();
    }

    /**
     * {@code /health} as this listener answers it: 200 {@code "ok"}, or while the server drains 503
     * {@code "draining"}, so a load balancer stops sending before the listener is gone.
     */
    public Health health(boolean draining) {
        byte[] body = bytes(health(draining ? "draining" : "ok", stats.uptime().toSeconds(),
                WholeServer.snapshot(stats).activeConnections()));
        return new Health(draining ? 503 : 200, body);
    }

    /** The {@code /stats} body, UTF-8 JSON. */
    public byte[] stats() {
        ObjectNode root = JSON.createObjectNode();
        listener(root, stats, Optional.of(counters));
        tracing(root);
        return bytes(root);
    }

    /**
     * {@code "tracing"}: the process's tracing counts ({@link io.wharf.tracing.TracingStats}), as
     * {@code /metrics} has them; absent while tracing has never been on.
     */
    static void tracing(ObjectNode root) {
        io.wharf.tracing.Tracing.processStats().ifPresent(t -> {
            ObjectNode n = root.putObject("tracing");
            n.put("spans_started", t.started());
            n.put("spans_sampled", t.sampled());
            n.put("spans_exported", t.exported());
            n.put("spans_dropped_queue_full", t.droppedQueueFull());
            n.put("spans_dropped_export_failed", t.droppedExport());
            n.put("export_failures", t.exportFailures());
        });
    }

    /** {@code {"status":..,"uptime":..,"connections":..}}: the fields every {@code /health} starts with. */
    static ObjectNode health(String status, long uptimeSeconds, long connections) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", status);
        root.put("uptime", uptimeSeconds);
        root.put("connections", connections);
        return root;
    }

    /** One listener's fields of {@code /stats}: the core snapshot, its prefork workers, its HTTP counters. */
    static void listener(ObjectNode node, ServerStats stats, Optional<HttpCounters> http) {
        core(node, WholeServer.snapshot(stats));
        closes(node, List.of(stats));
        Map<String, StatsSnapshot> workers = stats.workers();
        if (!workers.isEmpty()) {
            ObjectNode each = node.putObject("workers");
            new TreeMap<>(workers).forEach((name, w) -> core(each.putObject(name), w));
        }
        WholeServer.http(stats, http).ifPresent(c -> http(node.putObject("http"), List.of(c)));
        stats.published(io.wharf.core.stats.ProtocolSeries.class).ifPresent(p -> series(node.putArray("series"), p));
    }

    /** A protocol's own series: {@code [{"name":..,"labels":{..},"value":..},...]}. */
    private static void series(com.fasterxml.jackson.databind.node.ArrayNode out, io.wharf.core.stats.ProtocolSeries p) {
        for (io.wharf.core.stats.ProtocolSeries.Series s : p.series()) {
            ObjectNode one = out.addObject();
            one.put("name", s.kind() == io.wharf.core.stats.ProtocolSeries.Kind.COUNTER ? s.name() + "_total" : s.name());
            ObjectNode labels = one.putObject("labels");
            new TreeMap<>(s.labels()).forEach(labels::put);
            one.put("value", s.value());
        }
    }

    /**
     * {@code "closed_by_reason"}: connections closed and clients refused, by core reason key, summed over
     * {@code stats} (every reason, zeros included); and {@code "lingering_connections"} now.
     */
    static void closes(ObjectNode node, List<ServerStats> stats) {
        Map<String, Long> total = new java.util.LinkedHashMap<>();
        stats.forEach(s -> s.closedByReason().forEach((k, v) -> total.merge(k, v, Long::sum)));
        ObjectNode closed = node.putObject("closed_by_reason");
        total.forEach(closed::put);
        node.put("lingering_connections", stats.stream().mapToLong(ServerStats::lingeringConnections).sum());
    }

    /** The {@code "http"} object: the sum of {@code counters} (one listener's, or every HTTP listener's). */
    static void http(ObjectNode http, List<HttpCounters> counters) {
        http.put("requests", counters.stream().mapToLong(HttpCounters::requests).sum());
        counts(http.putObject("by_status"), sum(counters.stream().map(HttpCounters::byStatusClass).toList()));
        http.put("bytes_sent", counters.stream().mapToLong(HttpCounters::bytesSent).sum());
        counts(http.putObject("by_host"), sum(counters.stream().map(HttpCounters::byHost).toList()));
    }

    private static Map<String, Long> sum(List<Map<String, Long>> maps) {
        Map<String, Long> total = new TreeMap<>();
        maps.forEach(m -> m.forEach((k, v) -> total.merge(k, v, Long::sum)));
        return total;
    }

    private static void core(ObjectNode node, StatsSnapshot s) {
        node.put("model", s.model());
        node.put("started", s.started().toString());
        node.put("uptime_seconds", s.uptimeSeconds());
        totals(node, s.totalConnections(), s.activeConnections(), s.refusedConnections(), s.bytesIn(), s.bytesOut(),
                s.errors());
        counts(node.putObject("model_gauges"), new TreeMap<>(s.modelGauges()));
    }

    /** The counter fields of {@code /stats}, one listener's or the whole process's. */
    static void totals(ObjectNode node, long total, long active, long refused, long in, long out, long errors) {
        node.put("total_connections", total);
        node.put("active_connections", active);
        node.put("refused_connections", refused);
        node.put("bytes_in", in);
        node.put("bytes_out", out);
        node.put("errors", errors);
    }

    private static void counts(ObjectNode node, Map<String, Long> values) {
        values.forEach(node::put);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static byte[] bytes(ObjectNode root) {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
