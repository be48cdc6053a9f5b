package io.wharf.bench;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * What one load run measured. {@code latencies} holds round-trip times in nanoseconds; {@code mismatches} counts
 * replies that differed from what was sent and {@code lostConnections} connections the server closed or broke.
 * {@code clientCpuNanos} is the CPU the load threads used during the measurement window.
 */
record LoadResult(long roundTrips, Duration measured, Histogram latencies, long mismatches, int lostConnections,
                  long clientCpuNanos) {

    double roundTripsPerSecond() {
        return roundTrips / seconds();
    }

    double p50Micros() {
        return percentileMicros(50);
    }

    double p99Micros() {
        return percentileMicros(99);
    }

    long errors() {
        return mismatches + lostConnections;
    }

    /** Load-client CPU over the window as a share of one core (1.0 = one core fully busy). */
    double clientCpuCores() {
        return clientCpuNanos / (seconds() * 1e9);
    }

    private double percentileMicros(double percentile) {
        return latencies.getTotalCount() == 0 ? Double.NaN : latencies.getValueAtPercentile(percentile) / 1_000.0;
    }

    private double seconds() {
        return measured.toNanos() / 1e9;
    }
}
