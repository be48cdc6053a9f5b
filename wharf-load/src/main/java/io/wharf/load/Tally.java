package io.wharf.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one load thread counted. Written only by its thread; the two volatile counters are read by the progress
 * timer while the run goes on, everything else only after the thread has been joined.
 */
final class Tally {

    /** The highest latency tracked: one hour. Anything slower is clamped to it. */
    static final long MAX_TRACKED_MICROS = TimeUnit.HOURS.toMicros(1);

    final Histogram latency = histogram();
    final Histogram connect = histogram();
    private final long[] failures = new long[FailureKind.values().length];
    private volatile long successes;
    private volatile long failed;
    long bytesSent;
    long bytesReceived;
    int connectionsOpened;

    static Histogram histogram() {
        return new Histogram(MAX_TRACKED_MICROS, 3);
    }

    void success(long latencyNanos) {
        successes = successes + 1; // single writer: the plain read-modify-write is safe
        latency.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(latencyNanos), MAX_TRACKED_MICROS));
    }

    void failure(FailureKind kind) {
        failures[kind.ordinal()]++;
        failed = failed + 1;
    }

    void connected(long connectNanos) {
        connectionsOpened++;
        connect.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(connectNanos), MAX_TRACKED_MICROS));
    }

    long successes() {
        return successes;
    }

    long failed() {
        return failed;
    }

    void addFailuresTo(Map<FailureKind, Long> into) {
        for (FailureKind k : FailureKind.values()) {
            into.merge(k, failures[k.ordinal()], Long::sum);
        }
    }

    static Map<FailureKind, Long> noFailures() {
        return new EnumMap<>(FailureKind.class);
    }
}
