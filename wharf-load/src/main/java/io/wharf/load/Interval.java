package io.wharf.load;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One interval (about a second) of a staged run: replies and failures by kind in it, connections open at its end,
 * and its latency histogram in microseconds (from the intended send time under a rate, so a stall shows in the
 * seconds it lasts). {@code startMillis}/{@code endMillis} are from the run's start; {@code epochMillis} is
 * wall-clock time at the interval's start. {@code stage} is the stage index at the interval's end and
 * {@code target} the curve's value at its middle (its mean over the interval, as it ramps linearly). Immutable (the histogram is this interval's own; do not change it).
 */
public record Interval(long startMillis, long endMillis, long epochMillis, int stage, double target,
                       long requests, Map<FailureKind, Long> failures, int open, Histogram latencyMicros) {

    public Interval {
        failures = Map.copyOf(failures);
    }

    public long totalFailures() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Replies per second over this interval. */
    public double rate() {
        long ms = endMillis - startMillis;
        return ms <= 0 ? 0 : requests * 1000.0 / ms;
    }

    /** The latency at {@code percentile} in microseconds, 0 for an interval without replies. */
    public long percentileMicros(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile);
    }

    /** Listens to a staged run's intervals, on the generator's sampling thread; must return quickly. */
    @FunctionalInterface
    public interface Listener {
        void interval(Interval interval);
    }
}
