package io.wharf.load.scenario;

import io.wharf.load.FailureKind;
import io.wharf.load.LoadCurve;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scenario's report on stdout: a row per stage and one for the whole run (requests/s, p50, p90, p99, max,
 * errors by kind), then the thresholds' verdicts. Stateless.
 */
public final class ScenarioText {

    private ScenarioText() {
    }

    public static String render(ScenarioRun.Result r) {
        StringBuilder b = new StringBuilder(table(r));
        r.notes().forEach(n -> b.append("  ").append(n).append(System.lineSeparator()));
        if (!r.outcomes().isEmpty()) {
            b.append("thresholds").append(System.lineSeparator());
            r.outcomes().forEach(o -> b.append("  ").append(o.line()).append(System.lineSeparator()));
        }
        return b.toString();
    }

    /** The table alone: a row per stage and one for the whole run. */
    public static String table(ScenarioRun.Result r) {
        StringBuilder b = new StringBuilder();
        LoadCurve curve = r.scenario().curve();
        boolean chat = r.scenario().driver() instanceof Scenario.Chat;
        String unit = chat ? "msg/s" : curve.mode() == LoadCurve.Mode.RATE ? "req/s" : "conns";
        b.append(String.format(Locale.ROOT, "  %-14s %8s %14s %10s %10s %10s %10s %10s  %s%n", "stage", "time",
                "target " + unit, chat ? "deliv/s" : "req/s", "p50", "p90", "p99", "max", "errors"));
        for (int i = 0; i < curve.stages().size(); i++) {
            LoadCurve.Stage s = curve.stages().get(i);
            String target = s.from() == s.to() ? plain(s.to()) : plain(s.from()) + "->" + plain(s.to());
            row(b, s.name(), s.nanos() / 1e9, target, Verdicts.figures(r.intervals(), i), errors(r, i));
        }
        row(b, "overall", curve.totalNanos() / 1e9, "", Verdicts.figures(r.intervals(), -1), errors(r, -1));
        return b.toString();
    }

    private static void row(StringBuilder b, String name, double seconds, String target, Verdicts.Figures f,
                            String errors) {
        b.append(String.format(Locale.ROOT, "  %-14s %7.1fs %14s %,10.0f %10s %10s %10s %10s  %s%n", cut(name),
                seconds, target, f.rate(), Verdicts.micros(f.percentile(50)), Verdicts.micros(f.percentile(90)),
                Verdicts.micros(f.percentile(99)), Verdicts.micros(f.latency().getTotalCount() == 0 ? 0
                        : f.latency().getMaxValue()), errors));
    }

    /** Failures by kind over stage {@code stage} (-1: all), e.g. {@code timeout 3, reset 1}, or {@code none}. */
    static String errors(ScenarioRun.Result r, int stage) {
        Map<FailureKind, Long> sum = new TreeMap<>();
        r.intervals().stream().filter(i -> stage < 0 || i.stage() == stage)
                .forEach(i -> i.failures().forEach((k, v) -> sum.merge(k, v, Long::sum)));
        if (sum.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        sum.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(name(k)).append(' ').append(v));
        return b.toString();
    }

    static String name(FailureKind k) {
        return k.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String cut(String s) {
        return s.length() <= 14 ? s : s.substring(0, 13) + "…";
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v)
                : String.format(Locale.ROOT, "%,.1f", v);
    }
}
