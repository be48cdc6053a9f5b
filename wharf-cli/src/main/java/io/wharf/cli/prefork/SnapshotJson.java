package io.wharf.cli.prefork;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.core.stats.ClusterStats;
import io.wharf.core.stats.StatsSnapshot;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one-line JSON messages between the prefork master and its workers. Worker to master (stdout):
 * {@code {"ready":port}} once serving, then {@code {"stats":{...},"listeners":{"web":{...,"counters":{...}}}}}
 * twice a second, and once more as it exits (its final counts). Master to worker (stdin):
 * {@code {"cluster":{"web":{"total":{...},"workers":{"worker-1-pid-42":{...}}}}}}, each listener's numbers over
 * the whole server, for the worker's {@code /stats} and {@code /metrics}; and
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

    /** A worker's report: each listener's stats and protocol counters, and {@code "stats"}, their sum. */
    static String stats(Map<String, Tally.Report> listeners) {
        ObjectNode root = JSON.createObjectNode();
        root.set("stats", encode(Tally.sum(listeners.values().stream().map(Tally.Report::core).toList())));
        ObjectNode each = root.putObject("listeners");
        listeners.forEach((name, r) -> each.set(name, encode(r)));
        return root.toString();
    }

    /** The {@code "listeners"} of a worker's report; empty for a report without them. */
    static Map<String, Tally.Report> parseListeners(JsonNode report) {
        Map<String, Tally.Report> out = new LinkedHashMap<>();
        report.path("listeners").fields().forEachRemaining(e -> out.put(e.getKey(), decodeReport(e.getValue())));
        return out;
    }

    /** The master's relay: per listener, the whole server's numbers and each running worker's. */
    static String cluster(Map<String, ClusterStats> listeners) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode each = root.putObject("cluster");
        listeners.forEach((name, c) -> {
            ObjectNode n = each.putObject(name);
            n.set("total", encode(new Tally.Report(c.total(), c.counters())));
            ObjectNode w = n.putObject("workers");
            c.workers().forEach((worker, snapshot) -> w.set(worker, encode(snapshot)));
        });
        return root.toString();
    }

    /** Parses a master line; empty when it is not a cluster message. */
    public static Map<String, ClusterStats> parseCluster(String line) {
        try {
            JsonNode c = JSON.readTree(line).path("cluster");
            Map<String, ClusterStats> out = new HashMap<>();
            c.fields().forEachRemaining(e -> {
                Tally.Report total = decodeReport(e.getValue().path("total"));
                Map<String, StatsSnapshot> workers = new HashMap<>();
                e.getValue().path("workers").fields()
                        .forEachRemaining(w -> workers.put(w.getKey(), decode(w.getValue())));
                out.put(e.getKey(), new ClusterStats(total.core(), total.counters(), workers));
            });
            return Map.copyOf(out);
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static ObjectNode encode(Tally.Report r) {
        ObjectNode n = encode(r.core());
        ObjectNode c = n.putObject("counters");
        r.counters().forEach(c::put);
        return n;
    }

    private static Tally.Report decodeReport(JsonNode n) {
        Map<String, Long> counters = new TreeMap<>();
        n.path("counters").fields().forEachRemaining(e -> counters.put(e.getKey(), e.getValue().asLong()));
        return new Tally.Report(decode(n), counters);
    }
}
