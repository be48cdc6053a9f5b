package io.wharf.core.model.process;

import io.wharf.core.stats.ClusterStats;
import io.wharf.core.stats.StatsSnapshot;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The text form of the numbers a {@code process} parent and its children tell each other: space-separated
 * {@code name=value} tokens, both URL-encoded, so a counter named after a client's Host header cannot break the
 * line. A protocol's counters ({@link io.wharf.core.stats.ProtocolCounters#export}) go as they are; a
 * listener's totals (its core snapshot, model gauges and counters) go with the prefixes {@code s.}, {@code g.}
 * and {@code c.}. Unknown or malformed tokens are skipped. Threading: stateless.
 */
final class StatsLine {

    private StatsLine() {
    }

    static String counters(Map<String, Long> counters) {
        StringJoiner line = new StringJoiner(" ");
        new TreeMap<>(counters).forEach((name, n) -> line.add(token(name, Long.toString(n))));
        return line.toString();
    }

    static Map<String, Long> counters(String line) {
        Map<String, Long> out = new TreeMap<>();
        tokens(line).forEach((name, value) -> number(value, n -> out.put(name, n)));
        return out;
    }

    /** A listener's numbers over the whole server, as the parent hands them to a child with its connection. */
    static String totals(StatsSnapshot s, Map<String, Long> counters) {
        StringJoiner line = new StringJoiner(" ");
        line.add(token("s.model", s.model())).add(token("s.started", s.started().toString()));
        Map<String, Long> fields = Map.of("uptime", s.uptimeSeconds(), "total", s.totalConnections(),
                "active", s.activeConnections(), "refused", s.refusedConnections(), "in", s.bytesIn(),
                "out", s.bytesOut(), "errors", s.errors());
        new TreeMap<>(fields).forEach((k, v) -> line.add(token("s." + k, Long.toString(v))));
        new TreeMap<>(s.modelGauges()).forEach((k, v) -> line.add(token("g." + k, Long.toString(v))));
        new TreeMap<>(counters).forEach((k, v) -> line.add(token("c." + k, Long.toString(v))));
        return line.toString();
    }

    /** {@link #totals(StatsSnapshot, Map)} read back: the total and counters of a {@link ClusterStats}. */
    static ClusterStats totals(String line) {
        Map<String, String> t = tokens(line);
        Map<String, Long> fields = new HashMap<>();
        Map<String, Long> gauges = new HashMap<>();
        Map<String, Long> counters = new HashMap<>();
        t.forEach((name, value) -> {
            if (name.startsWith("s.")) {
                number(value, n -> fields.put(name.substring(2), n));
            } else if (name.startsWith("g.")) {
                number(value, n -> gauges.put(name.substring(2), n));
            } else if (name.startsWith("c.")) {
                number(value, n -> counters.put(name.substring(2), n));
            }
        });
        Instant started;
        try {
            started = Instant.parse(t.getOrDefault("s.started", ""));
        } catch (RuntimeException e) {
            started = Instant.now();
        }
        StatsSnapshot s = new StatsSnapshot(t.getOrDefault("s.model", ""), started, field(fields, "uptime"),
                field(fields, "total"), field(fields, "active"), field(fields, "refused"), field(fields, "in"),
                field(fields, "out"), field(fields, "errors"), gauges);
        return new ClusterStats(s, counters, Map.of());
    }

    private static long field(Map<String, Long> fields, String name) {
        return fields.getOrDefault(name, 0L);
    }

    private static String token(String name, String value) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Map<String, String> tokens(String line) {
        Map<String, String> out = new HashMap<>();
        for (String token : line.strip().split(" ")) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            try {
                out.put(URLDecoder.decode(token.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(token.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                // skipped, as any token this version does not know
            }
        }
        return out;
    }

    private static void number(String value, java.util.function.LongConsumer then) {
        try {
            then.accept(Long.parseLong(value));
        } catch (NumberFormatException malformed) {
            // skipped
        }
    }
}
