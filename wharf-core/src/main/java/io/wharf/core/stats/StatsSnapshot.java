package io.wharf.core.stats;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A consistent-enough copy of {@link ServerStats} at one moment, for JSON ({@code /stats}) and the
 * {@code --stats-interval} line. Model gauges: {@code queue_depth} (pool), {@code threads_alive},
 * {@code loop_iterations} (event, reactor).
 */
public record StatsSnapshot(String model, Instant started, long uptimeSeconds, long totalConnections,
                            long activeConnections, long refusedConnections, long bytesIn, long bytesOut,
                            long errors, Map<String, Long> modelGauges) {

    /** One line for the log: {@code active=3 total=10 refused=0 in=1.2KiB out=1.5KiB errors=0 ...}. */
    public String summaryLine() {
        StringBuilder sb = new StringBuilder()
                .append("model=").append(model)
                .append(" uptime=").append(uptimeSeconds).append('s')
                .append(" active=").append(activeConnections)
                .append(" total=").append(totalConnections)
                .append(" refused=").append(refusedConnections)
                .append(" in=").append(Bytes.human(bytesIn))
                .append(" out=").append(Bytes.human(bytesOut))
                .append(" errors=").append(errors);
        new TreeMap<>(modelGauges).forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }
}
