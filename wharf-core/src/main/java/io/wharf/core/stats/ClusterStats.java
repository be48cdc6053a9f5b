package io.wharf.core.stats;

import java.util.Map;

/**
 * One listener's numbers across every prefork worker process serving it, as the master relays them: the
 * {@code total} is the whole server's (the workers running now plus the final counts of every worker retired or
 * replaced since the master started, so counters survive reloads and restarts; active connections are only
 * those of the running workers), {@code counters} the protocol's {@link ProtocolCounters} summed the same way, and
 * {@code workers} each running worker's own snapshot, by worker name. Up to about a second behind the workers
 * (each reports twice a second, the master relays twice a second).
 *
 * <p>Under the {@code process} model the same record carries a listener over its children: in the accepting
 * process the {@code total} is its own (it sees every connection) and the {@code counters} the final counts of
 * every child whose connection has ended plus its own; a child's is the accepting process's as they stood when
 * its connection was taken, its own counters added. {@code workers} is empty. Immutable.
 */
public record ClusterStats(StatsSnapshot total, Map<String, Long> counters, Map<String, StatsSnapshot> workers) {

    public ClusterStats {
        counters = Map.copyOf(counters);
        workers = Map.copyOf(workers);
    }
}
