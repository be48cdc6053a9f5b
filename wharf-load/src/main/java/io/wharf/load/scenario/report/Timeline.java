package io.wharf.load.scenario.report;

import io.wharf.load.FailureKind;
import io.wharf.load.Interval;
import io.wharf.load.LoadCurve;
import io.wharf.load.scenario.bottleneck.SystemSample;
import io.wharf.load.scenario.bottleneck.ThreadLoad;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The series the report's charts draw, taken from a run's intervals and samples, shared by the SVG and the PNG
 * charts so both show the same: x is seconds from the start (each interval at its end). Stateless.
 */
final class Timeline {

    /** One named line of values. */
    record Line(String name, double[] x, double[] y) {
    }

    static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"};

    private Timeline() {
    }

    static Line of(String name, List<Interval> intervals, ToDoubleFunction<Interval> value) {
        double[] x = new double[intervals.size()];
        double[] y = new double[intervals.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = intervals.get(i).endMillis() / 1000.0;
            y[i] = value.applyAsDouble(intervals.get(i));
        }
        return new Line(name, x, y);
    }

    static Line ofSamples(String name, List<SystemSample> samples, ToDoubleFunction<SystemSample> value) {
        double[] x = new double[samples.size()];
        double[] y = new double[samples.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = samples.get(i).endMillis() / 1000.0;
            y[i] = value.applyAsDouble(samples.get(i));
        }
        return new Line(name, x, y);
    }

    static List<Line> throughput(List<Interval> intervals, LoadCurve curve) {
        List<Line> out = new ArrayList<>();
        out.add(of("replies/s", intervals, Interval::rate));
        if (curve.mode() == LoadCurve.Mode.RATE) {
            out.add(of("target rate", intervals, Interval::target));
        }
        return out;
    }

    /** p50, p90, p99 and max per interval, in milliseconds. */
    static List<Line> latency(List<Interval> intervals) {
        return List.of(of("p50", intervals, i -> i.percentileMicros(50) / 1000.0),
                of("p90", intervals, i -> i.percentileMicros(90) / 1000.0),
                of("p99", intervals, i -> i.percentileMicros(99) / 1000.0),
                of("max", intervals, i -> i.latencyMicros().getTotalCount() == 0 ? 0
                        : i.latencyMicros().getMaxValue() / 1000.0));
    }

    /** Failures per second by kind (the kinds that happened), and the connections open. */
    static List<Line> errors(List<Interval> intervals) {
        List<Line> out = new ArrayList<>();
        for (FailureKind k : FailureKind.values()) {
            if (intervals.stream().anyMatch(i -> i.failures().containsKey(k))) {
                out.add(of(k.name().toLowerCase(Locale.ROOT).replace('_', ' ') + "/s", intervals,
                        i -> i.failures().getOrDefault(k, 0L) * 1000.0 / Math.max(1, i.endMillis() - i.startMillis())));
            }
        }
        out.add(of("connections open", intervals, Interval::open));
        return out;
    }

    /** How busy the server's busiest thread, the generator's busiest thread and the server as a whole were. */
    static List<Line> saturation(List<SystemSample> samples) {
        List<Line> out = new ArrayList<>();
        if (samples.stream().anyMatch(SystemSample::hasServer)) {
            out.add(ofSamples("busiest server thread %", samples, s -> busy(s.serverThreads())));
            out.add(ofSamples("server CPU % of a core", samples, s -> s.serverCpu() * 100));
        }
        out.add(ofSamples("busiest generator thread %", samples, s -> busy(s.generatorThreads())));
        if (samples.stream().anyMatch(s -> s.gcPauses() >= 0)) {
            out.add(ofSamples("GC paused %", samples, s -> Math.max(0, s.gcPauseMillis()) / 10.0));
        }
        return out;
    }

    private static double busy(List<ThreadLoad> threads) {
        ThreadLoad t = io.wharf.load.scenario.bottleneck.Bottlenecks.busiestOf(threads);
        return t == null ? 0 : t.busy() * 100;
    }

    /**
     * The latency distribution as HdrHistogram plots it: x is log10(1 / (1 - p)), so 90%, 99%, 99.9% are evenly
     * spaced; y the latency in milliseconds at that percentile.
     */
    static Line distribution(Histogram h) {
        List<double[]> points = new ArrayList<>();
        if (h.getTotalCount() > 0) {
            for (double x = 0; x <= 5.0001; x += 0.05) {
                double p = 100 * (1 - Math.pow(10, -x));
                points.add(new double[] {x, h.getValueAtPercentile(Math.min(p, 100)) / 1000.0});
            }
        }
        double[] xs = points.stream().mapToDouble(a -> a[0]).toArray();
        double[] ys = points.stream().mapToDouble(a -> a[1]).toArray();
        return new Line("latency", xs, ys);
    }

    /** The label of a distribution x tick: 0%, 90%, 99%, ... at whole decades; empty elsewhere. */
    static String percentileTick(double x) {
        if (Math.abs(x - Math.rint(x)) > 1e-6) {
            return "";
        }
        int n = (int) Math.rint(x);
        return switch (n) {
            case 0 -> "0%";
            case 1 -> "90%";
            default -> "99" + (n > 2 ? "." + "9".repeat(n - 2) : "") + "%";
        };
    }

    /** Where each stage after the first starts, in seconds, with its name. */
    static List<double[]> stageStarts(LoadCurve curve) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < curve.stages().size(); i++) {
            out.add(new double[] {curve.stageStart(i) / 1e9, i});
        }
        return out;
    }
}
