package io.wharf.load;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Results of one run, with the first few distinct failed replies as examples ({@code failureExamples}); immutable (the histograms are copies nobody else holds; do not change them). Latencies
 * in microseconds: under a closed loop from each request's send to its complete reply; under {@code --rate}
 * from each request's intended send time, so time spent queued behind a slow reply counts. Successes, bytes
 * and latencies cover the measurement window only (warm-up excluded); failures are counted whenever they
 * happen, warm-up included, so no failure is hidden. {@code connectMicros} times each connect from its start to
 * the end of its TLS handshake (when the spec has TLS), warm-up included; {@code connectsMeasured} counts the
 * connects that finished inside the window.
 */
public record LoadReport(LoadSpec spec, long successes, Map<FailureKind, Long> failures,
                         long bytesSent, long bytesReceived, Duration elapsed,
                         Histogram latencyMicros, Histogram connectMicros,
                         int connectionsOpened, List<FailureExample> failureExamples, long connectsMeasured) {

    /** A report that did not count the connects of its measurement window. */
    public LoadReport(LoadSpec spec, long successes, Map<FailureKind, Long> failures, long bytesSent,
                      long bytesReceived, Duration elapsed, Histogram latencyMicros, Histogram connectMicros,
                      int connectionsOpened, List<FailureExample> failureExamples) {
        this(spec, successes, failures, bytesSent, bytesReceived, elapsed, latencyMicros, connectMicros,
                connectionsOpened, failureExamples, 0);
    }

    /** A report without examples of failed replies (a caller's own target that keeps none). */
    public LoadReport(LoadSpec spec, long successes, Map<FailureKind, Long> failures, long bytesSent,
                      long bytesReceived, Duration elapsed, Histogram latencyMicros, Histogram connectMicros,
                      int connectionsOpened) {
        this(spec, successes, failures, bytesSent, bytesReceived, elapsed, latencyMicros, connectMicros,
                connectionsOpened, List.of());
    }

    public LoadReport {
        failureExamples = List.copyOf(failureExamples);
        EnumMap<FailureKind, Long> all = new EnumMap<>(FailureKind.class);
        for (FailureKind k : FailureKind.values()) {
            all.put(k, failures.getOrDefault(k, 0L));
        }
        failures = Collections.unmodifiableMap(all);
    }

    public double requestsPerSecond() {
        return perSecond(successes);
    }

    /** Bytes sent plus received per second over the measurement window. */
    public double bytesPerSecond() {
        return perSecond(bytesSent + bytesReceived);
    }

    /**
     * Connects finished per second in the window; over TLS each is a full handshake, so without keep-alive this is
     * the handshake rate.
     */
    public double connectsPerSecond() {
        return perSecond(connectsMeasured);
    }

    public long totalFailures() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The latency at {@code percentile} (e.g. 99.0), in microseconds; 0 when nothing was measured. */
    public long latencyPercentileMicros(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile);
    }

    private double perSecond(long count) {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : count / seconds;
    }
}
