package io.wharf.load;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Results of one chat run; immutable (the histograms are copies nobody else holds; do not change them).
 * {@code sent} and {@code deliveries} count measured messages (intended send time inside the window), each
 * delivery being one message received by one member, the sender included (the server echoes a member's own
 * line back to it). {@code expected} and {@code lost} are over the pairs of clients that both stayed in the
 * run to its end: what their senders sent times those members, and how much of it never came. Delivery
 * latencies, in microseconds, run from each message's intended send time to its receipt. {@code late}
 * messages came after a later one from the same sender; {@code duplicates} came twice. Failures count
 * whenever they happen, retried joins included.
 *
 * @param joined         clients in their rooms when sending started
 * @param setup          from the first connect to the last join (or to giving up on the rest)
 * @param serverErrors   error lines ({@code ! ...}) after joining, e.g. flood warnings; {@code firstError} the
 *                       first error line seen at all, or empty
 * @param otherLines     lines that were neither notices, errors nor this run's messages
 * @param failureExamples the first few distinct wrong or corrupt lines, quoted
 */
public record ChatReport(ChatSpec spec, int joined, Duration setup, long sent, long deliveries, long expected,
                         long lost, long late, long duplicates, long serverErrors, String firstError,
                         long otherLines, Map<FailureKind, Long> failures, Histogram latencyMicros,
                         Histogram connectMicros, int connectionsOpened, List<FailureExample> failureExamples) {

    public ChatReport {
        failureExamples = List.copyOf(failureExamples);
        EnumMap<FailureKind, Long> all = new EnumMap<>(FailureKind.class);
        for (FailureKind k : FailureKind.values()) {
            all.put(k, failures.getOrDefault(k, 0L));
        }
        failures = Collections.unmodifiableMap(all);
    }

    public double sentPerSecond() {
        return perSecond(sent);
    }

    public double deliveriesPerSecond() {
        return perSecond(deliveries);
    }

    public long totalFailures() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Did every client join, every message arrive exactly once, nothing fail? */
    public boolean clean() {
        return joined == spec.clients() && lost == 0 && duplicates == 0 && totalFailures() == 0 && deliveries > 0;
    }

    private double perSecond(long count) {
        return count / (spec.duration().toNanos() / 1e9);
    }
}
