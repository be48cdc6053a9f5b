package io.wharf.core.model.process;

import io.wharf.core.stats.ClusterStats;
import io.wharf.core.stats.ServerStats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@code process}-model listener's protocol counters over the whole server, in the accepting process: the
 * final counts every child reported as its connection ended ({@link ChildReport}), summed, plus this process's
 * own. Through {@link ServerStats#cluster}, the listener's stats routes and metrics in this process (the admin
 * listener's, say) read them as they read a prefork master's sums; each child is handed them with its
 * connection ({@link TotalsFrame}). A child that died before it reported (a crash, a kill) is not in them.
 *
 * <p>Threading: thread-safe; reports come from the children's exit callbacks, reads from any thread.
 */
final class ProtocolTotals {

    private final ServerStats stats;
    private final Map<String, LongAdder> finished = new ConcurrentHashMap<>();

    ProtocolTotals(ServerStats stats) {
        this.stats = stats;
    }

    /** A child's final counts. */
    void add(Map<String, Long> counts) {
        counts.forEach((name, n) -> finished.computeIfAbsent(name, k -> new LongAdder()).add(n));
    }

    /** Every counter over the whole server now. */
    Map<String, Long> counters() {
        Map<String, Long> done = new TreeMap<>();
        finished.forEach((name, n) -> done.put(name, n.sum()));
        return sum(done, stats.protocolCounters());
    }

    /** The listener over the whole server: this process's core numbers, every child's protocol counters. */
    ClusterStats cluster() {
        return new ClusterStats(stats.snapshot(), counters(), Map.of());
    }

    /** What a child is handed with its connection: {@link #cluster()} as a {@link TotalsFrame}. */
    byte[] frame() {
        return TotalsFrame.frame(stats.snapshot(), counters());
    }

    /** What each counter of {@code now} grew by since {@code before}; the counters that did not, left out. */
    static Map<String, Long> since(Map<String, Long> before, Map<String, Long> now) {
        Map<String, Long> out = new TreeMap<>();
        now.forEach((name, n) -> {
            long grown = n - before.getOrDefault(name, 0L);
            if (grown > 0) {
                out.put(name, grown);
            }
        });
        return out;
    }

    /** Two sets of counters added name by name. */
    static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> out = new TreeMap<>(a);
        b.forEach((name, n) -> out.merge(name, n, Long::sum));
        return out;
    }
}
