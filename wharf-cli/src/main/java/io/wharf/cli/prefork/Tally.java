package io.wharf.cli.prefork;

import io.wharf.core.stats.ClusterStats;
import io.wharf.core.stats.StatsSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The master's count of the whole server, per listener: the latest report of each running worker plus the
 * final counts of every worker that has exited (retired by a reload or a stop, or died and restarted), so the
 * totals never go down: a worker's numbers move from "running" to "retired" in one step when it exits. Active
 * connections are only the running workers'.
 *
 * <p>Threading: every method synchronises on the tally; reports come from the workers' reader threads, exits
 * from process threads, views from the relay timer.
 */
final class Tally {

    /** One listener's numbers in one worker, or summed: the core snapshot and the protocol's counters. */
    record Report(StatsSnapshot core, Map<String, Long> counters) {
        Report {
            counters = Map.copyOf(counters);
        }
    }

    private final Instant started = Instant.now();
    private final long startedNanos = System.nanoTime();
    /** Worker name to its latest report, by listener. */
    private final Map<String, Map<String, Report>> running = new LinkedHashMap<>();
    /** By listener: the final counts of every exited worker, summed, active connections zero. */
    private final Map<String, Report> retired = new LinkedHashMap<>();

    synchronized void report(String worker, Map<String, Report> listeners) {
        running.put(worker, Map.copyOf(listeners));
    }

    /** The worker exited: its last report counts from now on as retired. */
    synchronized void exited(String worker) {
        Map<String, Report> last = running.remove(worker);
        if (last == null) {
            return;
        }
        last.forEach((listener, r) -> {
            StatsSnapshot c = r.core();
            Report idle = new Report(new StatsSnapshot(c.model(), c.started(), c.uptimeSeconds(), c.totalConnections(),
                    0, c.refusedConnections(), c.bytesIn(), c.bytesOut(), c.errors(), Map.of()), r.counters());
            retired.merge(listener, idle, (a, b) -> add(List.of(a, b)));
        });
    }

    /** Each listener over the whole server: retired plus running, and each running worker's own. */
    synchronized Map<String, ClusterStats> cluster() {
        Map<String, List<Report>> parts = new LinkedHashMap<>();
        Map<String, Map<String, StatsSnapshot>> workers = new HashMap<>();
        retired.forEach((listener, r) -> parts.computeIfAbsent(listener, k -> new java.util.ArrayList<>()).add(r));
        running.forEach((worker, listeners) -> listeners.forEach((listener, r) -> {
            parts.computeIfAbsent(listener, k -> new java.util.ArrayList<>()).add(r);
            workers.computeIfAbsent(listener, k -> new TreeMap<>()).put(worker, r.core());
        }));
        Map<String, ClusterStats> out = new LinkedHashMap<>();
        parts.forEach((listener, reports) -> {
            Report total = add(reports);
            StatsSnapshot t = total.core();
            out.put(listener, new ClusterStats(new StatsSnapshot(t.model(), started,
                    Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds(), t.totalConnections(),
                    t.activeConnections(), t.refusedConnections(), t.bytesIn(), t.bytesOut(), t.errors(),
                    t.modelGauges()), total.counters(), workers.getOrDefault(listener, Map.of())));
        });
        return out;
    }

    /** Every listener of the whole server summed: the master's stats line. */
    StatsSnapshot total() {
        return sum(cluster().values().stream().map(ClusterStats::total).toList());
    }

    private static Report add(List<Report> reports) {
        Map<String, Long> counters = new TreeMap<>();
        reports.forEach(r -> r.counters().forEach((k, v) -> counters.merge(k, v, Long::sum)));
        return new Report(sum(reports.stream().map(Report::core).toList()), counters);
    }

    /** Snapshots summed field by field (gauges too); model and start time of the first one that has a model. */
    static StatsSnapshot sum(List<StatsSnapshot> all) {
        StatsSnapshot first = all.stream().filter(s -> !s.model().isEmpty()).findFirst()
                .orElse(all.isEmpty() ? new StatsSnapshot("", Instant.now(), 0, 0, 0, 0, 0, 0, 0, Map.of()) : all.get(0));
        Map<String, Long> gauges = new TreeMap<>();
        all.forEach(s -> s.modelGauges().forEach((k, v) -> gauges.merge(k, v, Long::sum)));
        return new StatsSnapshot(first.model(), first.started(), first.uptimeSeconds(),
                all.stream().mapToLong(StatsSnapshot::totalConnections).sum(),
                all.stream().mapToLong(StatsSnapshot::activeConnections).sum(),
                all.stream().mapToLong(StatsSnapshot::refusedConnections).sum(),
                all.stream().mapToLong(StatsSnapshot::bytesIn).sum(),
                all.stream().mapToLong(StatsSnapshot::bytesOut).sum(),
                all.stream().mapToLong(StatsSnapshot::errors).sum(), Map.copyOf(gauges));
    }
}
