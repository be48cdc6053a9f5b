package io.wharf.http.ops;

import io.wharf.core.stats.ClusterStats;
import io.wharf.core.stats.ServerStats;
import io.wharf.core.stats.StatsSnapshot;

import java.util.Optional;

/**
 * A listener's numbers for the whole server: its own in one process; under prefork the sum over every worker
 * process the master relays, and under {@code process} the accepting process's with its children's counters
 * ({@link ServerStats#cluster()}), so {@code /stats} and {@code /metrics} say the same whichever process
 * answers, and their counters never go down across scrapes or reloads. Threading: stateless.
 */
final class WholeServer {

    private WholeServer() {
    }

    static StatsSnapshot snapshot(ServerStats stats) {
        return stats.cluster().map(ClusterStats::total).orElseGet(stats::snapshot);
    }

    /** The HTTP counters of the whole server: {@code own}, or the workers' (or children's) summed. */
    static Optional<HttpCounters> http(ServerStats stats, Optional<HttpCounters> own) {
        Optional<ClusterStats> cluster = stats.cluster();
        return cluster.isPresent() && own.isPresent() ? Optional.of(HttpCounters.of(cluster.get().counters())) : own;
    }
}
