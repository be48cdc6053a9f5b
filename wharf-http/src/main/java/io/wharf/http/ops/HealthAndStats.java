package io.wharf.http.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.core.stats.ServerStats;
import io.wharf.core.stats.StatsSnapshot;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON bodies of the built-in {@code /health} and {@code /stats} routes.
 * <ul>
 *   <li>{@code /health}: {@code {"status":"ok","uptime":12,"connections":3}} (uptime in seconds, connections
 *       open now);</li>
 *   <li>{@code /stats}: every field of the core {@link StatsSnapshot} in snake_case, plus {@code "http"}:
 *       {@code {"requests":N,"by_status":{"1xx":..,"5xx":..},"bytes_sent":N,"by_host":{"example.org":N}}};
 *       under the prefork model also {@code "workers"}: each worker process's core fields, by worker name (the
 *       top-level fields and {@code "http"} are those of the worker that answered).</li>
 * </ul>
 *
 * <p>Threading: safe from any thread; cheap enough for an event loop.
 */
public final class HealthAndStats {

    public static final String CONTENT_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerStats stats;
    private final HttpCounters counters;

    public HealthAndStats(ServerStats stats, HttpCounters counters) {
        this.stats = stats;
        this.counters = counters;
    }

    /** The {@code /health} body, UTF-8 JSON. */
    public byte[] health() {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", "ok");
        root.put("uptime", stats.uptime().toSeconds());
        root.put("connections", stats.activeConnections());
        return bytes(root);
    }

    /** The {@code /stats} body, UTF-8 JSON. */
    public byte[] stats() {
        ObjectNode root = JSON.createObjectNode();
        core(root, stats.snapshot());
        Map<String, StatsSnapshot> workers = stats.workers();
        if (!workers.isEmpty()) {
            ObjectNode each = root.putObject("workers");
            new TreeMap<>(workers).forEach((name, w) -> core(each.putObject(name), w));
        }
        ObjectNode http = root.putObject("http");
        http.put("requests", counters.requests());
        counts(http.putObject("by_status"), counters.byStatusClass());
        http.put("bytes_sent", counters.bytesSent());
        counts(http.putObject("by_host"), counters.byHost());
        return bytes(root);
    }

    private static void core(ObjectNode node, StatsSnapshot s) {
        node.put("model", s.model());
        node.put("started", s.started().toString());
        node.put("uptime_seconds", s.uptimeSeconds());
        node.put("total_connections", s.totalConnections());
        node.put("active_connections", s.activeConnections());
        node.put("refused_connections", s.refusedConnections());
        node.put("bytes_in", s.bytesIn());
        node.put("bytes_out", s.bytesOut());
        node.put("errors", s.errors());
        counts(node.putObject("model_gauges"), new TreeMap<>(s.modelGauges()));
    }

    private static void counts(ObjectNode node, Map<String, Long> values) {
        values.forEach(node::put);
    }

    private static byte[] bytes(ObjectNode root) {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
