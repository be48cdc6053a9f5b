package io.wharf.load;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * What one load thread counted. Written only by its thread; the two volatile counters are read by the progress
 * timer while the run goes on, as are the failures by kind and (for a staged run) the interval recorder, which the
 * sampling thread swaps each second; everything else only after the thread has been joined. {@link #sum} merges
 * the threads' tallies for the report.
 */
final class Tally {

    /** The highest latency tracked: one hour. Anything slower is clamped to it. */
    static final long MAX_TRACKED_MICROS = TimeUnit.HOURS.toMicros(1);

    final Histogram latency = histogram();
    final Histogram connect = histogram();
    private final AtomicLongArray failures = new AtomicLongArray(FailureKind.values().length);
    /** Null unless the run keeps a time series. */
    private final SingleWriterRecorder interval;
    private volatile long successes;
    private volatile long failed;
    /** Replies in the interval recorder: measured or not (a warm-up shows in the time series too). */
    private volatile long intervalReplies;
    long bytesSent;
    long bytesReceived;
    int connectionsOpened;
    /** Connects (with their TLS handshakes) finished inside the measurement window: handshakes/s. */
    long connectsMeasured;
    /** The first few distinct failed replies, for the report; touched only when a reply fails. */
    final List<FailureExample> examples = new ArrayList<>(FailureExample.MAX_KEPT);
    private int examplesOffered;

    Tally() {
        this(false);
    }

    Tally(boolean intervals) {
        this.interval = intervals ? new SingleWriterRecorder(MAX_TRACKED_MICROS, 3) : null;
    }

    static Histogram histogram() {
        return new Histogram(MAX_TRACKED_MICROS, 3);
    }

    void success(long latencyNanos) {
        successes = successes + 1; // single writer: the plain read-modify-write is safe
        long micros = Math.min(TimeUnit.NANOSECONDS.toMicros(latencyNanos), MAX_TRACKED_MICROS);
        latency.recordValue(micros);
        if (interval != null) {
            interval.recordValue(micros);
            intervalReplies = intervalReplies + 1;
        }
    }

    /** A reply outside the measurement (warm-up): only the time series sees it. */
    void unmeasured(long latencyNanos) {
        if (interval != null) {
            interval.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(latencyNanos), MAX_TRACKED_MICROS));
            intervalReplies = intervalReplies + 1;
        }
    }

    /** Replies recorded for the time series so far; any thread. */
    long intervalReplies() {
        return intervalReplies;
    }

    /** The latencies recorded since the last call (a staged run's sampler; any thread). */
    Histogram intervalHistogram(Histogram recycle) {
        return interval.getIntervalHistogram(recycle);
    }

    /** Failures of {@code kind} so far; any thread. */
    long failures(FailureKind kind) {
        return failures.get(kind.ordinal());
    }

    void failure(FailureKind kind) {
        failures.lazySet(kind.ordinal(), failures.get(kind.ordinal()) + 1); // single writer; read by the sampler
        failed = failed + 1;
    }

    /** Is another example worth describing? After a hundred offers, the same few keep coming. */
    boolean wantsExample() {
        return examples.size() < FailureExample.MAX_KEPT && examplesOffered < 100;
    }

    void example(FailureKind kind, String reply) {
        examplesOffered++;
        FailureExample e = new FailureExample(kind, reply);
        if (wantsExample() && !examples.contains(e)) {
            examples.add(e);
        }
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

    /** This tally's failures by kind, every kind present. */
    Map<FailureKind, Long> failures() {
        Map<FailureKind, Long> byKind = new EnumMap<>(FailureKind.class);
        for (FailureKind k : FailureKind.values()) {
            byKind.put(k, failures.get(k.ordinal()));
        }
        return byKind;
    }

    /** A new tally holding what all of {@code parts} counted; call after their threads have been joined. */
    static Tally sum(List<Tally> parts) {
        Tally total = new Tally();
        for (Tally t : parts) {
            total.latency.add(t.latency);
            total.connect.add(t.connect);
            for (int k = 0; k < total.failures.length(); k++) {
                total.failures.addAndGet(k, t.failures.get(k));
            }
            total.successes = total.successes + t.successes;
            total.failed = total.failed + t.failed;
            total.bytesSent += t.bytesSent;
            total.bytesReceived += t.bytesReceived;
            total.connectionsOpened += t.connectionsOpened;
            total.connectsMeasured += t.connectsMeasured;
            t.examples.stream().filter(e -> !total.examples.contains(e)).limit(Math.max(0,
                    FailureExample.MAX_KEPT - total.examples.size())).forEach(total.examples::add);
        }
        return total;
    }
}
