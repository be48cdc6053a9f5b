package io.wharf.cli.prefork;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.core.stats.StatsSnapshot;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The one-line JSON messages between the prefork master and its workers. Worker to master (stdout):
 * {@code {"ready":port}} once serving, then {@code {"stats":{...}}} twice a second. Master to worker (stdin):
 * {@code {"workers":{"name":{...},...}}}, every worker's latest stats, for the worker's {@code /stats}; and
 * before a stop {@code {"stop_accepting":true}}, answered by {@code {"quiet":true}} once the listener is closed.
 * Threading: stateless, safe from any thread.
 */
public final class SnapshotJson {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Master to worker, before a stop: close your listener, keep serving, answer {@link #QUIET}. */
    static final String STOP_ACCEPTING = "{\"stop_accepting\":true}";
    static final String QUIET = "{\"quiet\":true}";

    private SnapshotJson() {
    }

    static ObjectNode encode(StatsSnapshot s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("model", s.model());
        n.put("started", s.started().toString());
        n.put("uptime", s.uptimeSeconds());
        n.put("total", s.totalConnections());
        n.put("active", s.activeConnections());
        n.put("refused", s.refusedConnections());
        n.put("in", s.bytesIn());
        n.put("out", s.bytesOut());
        n.put("errors", s.errors());
        ObjectNode g = n.putObject("gauges");
        s.modelGauges().forEach(g::put);
        return n;
    }

    static StatsSnapshot decode(JsonNode n) {
        Map<String, Long> gauges = new HashMap<>();
        n.path("gauges").fields().forEachRemaining(e -> gauges.put(e.getKey(), e.getValue().asLong()));
        return new StatsSnapshot(n.path("model").asText(), Instant.parse(n.path("started").asText()),
                n.path("uptime").asLong(), n.path("total").asLong(), n.path("active").asLong(),
                n.path("refused").asLong(), n.path("in").asLong(), n.path("out").asLong(),
                n.path("errors").asLong(), Map.copyOf(gauges));
    }

    public static String ready(int port) {
        return "{\"ready\":" + port + "}";
    }

    public static String stats(StatsSnapshot s) {
        ObjectNode root = JSON.createObjectNode();
        root.set("stats", encode(s));
        return root.toString();
    }

    static String workers(Map<String, StatsSnapshot> all) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode w = root.putObject("workers");
        all.forEach((name, s) -> w.set(name, encode(s)));
        return root.toString();
    }

    /** Parses a master line; empty when it is not a workers message. */
    public static Map<String, StatsSnapshot> parseWorkers(String line) {
        try {
            JsonNode w = JSON.readTree(line).path("workers");
            Map<String, StatsSnapshot> out = new HashMap<>();
            w.fields().forEachRemaining(e -> out.put(e.getKey(), decode(e.getValue())));
            return Map.copyOf(out);
        } catch (Exception e) {
            return Map.of();
        }
    }
}
