package io.wharf.load;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.Map;

/**
 * Results of one run; immutable. Latencies in microseconds.
 *
 * <p>Stand-in for the load helper's type of the same name (the contract's signature); replaced at merge.
 */
public record LoadReport(LoadSpec spec, long successes, Map<FailureKind, Long> failures, long bytesSent,
                         long bytesReceived, Duration elapsed, Histogram latencyMicros, Histogram connectMicros,
                         int connectionsOpened) {

    public LoadReport {
        failures = Map.copyOf(failures);
    }

    public double requestsPerSecond() {
        return perSecond(successes);
    }

    public double bytesPerSecond() {
        return perSecond(bytesSent + bytesReceived);
    }

    public long totalFailures() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    public long latencyPercentileMicros(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile);
    }

    private double perSecond(long n) {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : n / seconds;
    }
}
