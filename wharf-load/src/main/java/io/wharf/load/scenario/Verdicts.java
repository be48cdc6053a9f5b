package io.wharf.load.scenario;

import io.wharf.load.Interval;
import io.wharf.load.LoadCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Judges a scenario's {@link Threshold}s against its intervals: each rule over the intervals of its stage (the
 * sampler cuts intervals at stage edges, so a stage's figures are exactly its own) or of the whole run. Stateless.
 */
public final class Verdicts {

    /** One rule's outcome, with the value measured. */
    public record Outcome(Threshold threshold, double measured, boolean passed) {

        /** {@code PASS p99 < 20ms (overall): 3.1ms} */
        public String line() {
            return (passed ? "pass  " : "FAIL  ") + threshold.text() + " (" + threshold.scope() + "): measured "
                    + format(threshold, measured);
        }
    }

    /** What one stretch of the run measured: replies, failures, seconds and latencies. */
    public record Figures(long requests, long failures, double seconds, Histogram latency) {

        public double rate() {
            return seconds <= 0 ? 0 : requests / seconds;
        }

        public double errorShare() {
            long all = requests + failures;
            return all == 0 ? 0 : failures / (double) all;
        }

        public long percentile(double p) {
            return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(p);
        }
    }

    private Verdicts() {
    }

    public static List<Outcome> judge(List<Threshold> thresholds, List<Interval> intervals, LoadCurve curve) {
        return judge(thresholds, intervals, curve, 0);
    }

    /** The same, with failures known only at the end ({@code late}) counted in the whole run's errors. */
    public static List<Outcome> judge(List<Threshold> thresholds, List<Interval> intervals, LoadCurve curve,
                                      long late) {
        List<Outcome> out = new ArrayList<>();
        for (Threshold t : thresholds) {
            int stage = t.stage() == null ? -1 : stageIndex(curve, t.stage());
            Figures f = figures(intervals, stage);
            if (stage < 0 && late > 0) {
                f = new Figures(f.requests(), f.failures() + late, f.seconds(), f.latency());
            }
            double measured = switch (t.metric()) {
                case PERCENTILE -> f.percentile(t.percentile());
                case MAX -> f.latency().getTotalCount() == 0 ? 0 : f.latency().getMaxValue();
                case ERRORS -> t.percent() ? f.errorShare() : f.failures();
                case RATE -> f.rate();
            };
            boolean noReplies = f.requests() == 0 && (t.metric() == Threshold.Metric.PERCENTILE
                    || t.metric() == Threshold.Metric.MAX);
            out.add(new Outcome(t, measured, !noReplies && t.op().holds(measured, t.value())));
        }
        return out;
    }

    /** The figures of stage {@code stage}'s intervals, or of all with -1. */
    public static Figures figures(List<Interval> intervals, int stage) {
        Histogram h = new Histogram(3_600_000_000L, 3);
        long ok = 0;
        long failed = 0;
        long millis = 0;
        for (Interval i : intervals) {
            if (stage < 0 || i.stage() == stage) {
                h.add(i.latencyMicros());
                ok += i.requests();
                failed += i.totalFailures();
                millis += i.endMillis() - i.startMillis();
            }
        }
        return new Figures(ok, failed, millis / 1000.0, h);
    }

    static int stageIndex(LoadCurve curve, String name) {
        for (int i = 0; i < curve.stages().size(); i++) {
            if (curve.stages().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no stage named " + name);
    }

    static String format(Threshold t, double measured) {
        return switch (t.metric()) {
            case PERCENTILE, MAX -> micros(measured);
            case ERRORS -> t.percent() ? String.format(Locale.ROOT, "%.3f%%", measured * 100)
                    : String.format(Locale.ROOT, "%,d", (long) measured);
            case RATE -> String.format(Locale.ROOT, "%,.0f/s", measured);
        };
    }

    /** A latency in the unit that reads best: 870us, 12.40ms, 1.20s. */
    public static String micros(double us) {
        if (us < 1000) {
            return String.format(Locale.ROOT, "%.0fus", us);
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%.2fms", us / 1000);
        }
        return String.format(Locale.ROOT, "%.2fs", us / 1e6);
    }
}
