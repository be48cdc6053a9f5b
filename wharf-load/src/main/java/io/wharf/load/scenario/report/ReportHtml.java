package io.wharf.load.scenario.report;

import io.wharf.load.LoadCurve;
import io.wharf.load.scenario.ScenarioRun;
import io.wharf.load.scenario.ScenarioText;
import io.wharf.load.scenario.Verdicts;
import io.wharf.load.scenario.bottleneck.Bottlenecks;
import io.wharf.load.scenario.bottleneck.SystemSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run as one self-contained HTML page: no script and no external file, every chart inline SVG. From the top:
 * the verdicts (thresholds passed or failed, what saturated first), the summary table (a row per stage and the
 * whole run), throughput over time against the target, latency percentiles over time (log scale), failures per
 * second by kind with the connections open, how busy the server's and the generator's busiest threads were (with
 * {@code --server-pid}), and the whole run's latency distribution. Every time chart marks where each stage starts.
 * Stateless.
 */
public final class ReportHtml {

    private ReportHtml() {
    }

    public static String render(ScenarioRun.Result r, List<SystemSample> samples, List<Bottlenecks.Finding> found) {
        LoadCurve curve = r.scenario().curve();
        List<Svg.Marker> stages = new ArrayList<>();
        for (double[] s : Timeline.stageStarts(curve)) {
            stages.add(new Svg.Marker(s[0], curve.stages().get((int) s[1]).name()));
        }
        StringBuilder b = new StringBuilder();
        String title = "wharf load run " + r.scenario().name();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n")
                .append("<body>\n<h1>").append(Html.escape(title)).append("</h1>\n<p class=\"meta\">")
                .append(Html.escape(r.scenario().summary())).append("; started ")
                .append(Instant.ofEpochMilli(r.startEpochMillis())).append("</p>\n");
        if (!r.scenario().requests().isEmpty()) {
            b.append("<p class=\"meta\">requests: ").append(Html.escape(String.join("; ", r.scenario().requests())))
                    .append("</p>\n");
        }
        b.append("<h2>Verdict</h2>\n<ul class=\"verdicts\">\n");
        if (r.outcomes().isEmpty()) {
            b.append("<li>no thresholds in the scenario</li>\n");
        }
        for (Verdicts.Outcome o : r.outcomes()) {
            b.append("<li class=\"").append(o.passed() ? "pass" : "fail").append("\">").append(Html.escape(o.line()))
                    .append("</li>\n");
        }
        if (!samples.isEmpty()) {
            if (found.isEmpty()) {
                b.append("<li>bottleneck: none found (no thread stayed 90% busy, the accept queue never filled)</li>\n");
            }
            for (int i = 0; i < found.size(); i++) {
                b.append("<li class=\"bottleneck\">").append(i == 0 ? "first to saturate: " : "then: ")
                        .append(Html.escape(found.get(i).text())).append("</li>\n");
            }
        }
        b.append("</ul>\n<h2>Summary</h2>\n<pre>").append(Html.escape(ScenarioText.table(r))).append("</pre>\n");
        r.notes().forEach(n -> b.append("<p>").append(Html.escape(n)).append("</p>\n"));
        b.append("<h2>Over time</h2>\n");
        b.append(chart("Throughput", "replies/s", Timeline.throughput(r.intervals(), curve), stages, false,
                v -> Svg.plain(v)));
        b.append(chart("Latency (from the intended send time under a rate)", "ms",
                Timeline.latency(r.intervals()), stages, true, ReportHtml::ms));
        b.append(chart("Failures and connections", "per second / open", Timeline.errors(r.intervals()), stages,
                false, v -> Svg.plain(v)));
        if (!samples.isEmpty()) {
            b.append(chart("Saturation: how busy (running or waiting for a core)", "%",
                    Timeline.saturation(samples), stages, false, v -> Svg.plain(v)));
        }
        b.append("<h2>Latency distribution (whole run)</h2>\n");
        Timeline.Line d = Timeline.distribution(Verdicts.figures(r.intervals(), -1).latency());
        b.append(Svg.render("Latency by percentile", "percentile", "ms",
                List.of(new Svg.Series(d.name(), Timeline.COLOURS[0], d.x(), d.y())), List.of(), true,
                ReportHtml::ms, Timeline::percentileTick));
        b.append("<p class=\"meta\">Each point is one interval (a second, cut at the stages' edges). Replies and "
                + "latencies count when a reply completes; failures when they happen, by kind.</p>\n");
        return b.append("</body>\n</html>\n").toString();
    }

    private static String chart(String title, String unit, List<Timeline.Line> lines, List<Svg.Marker> stages,
                                boolean log, java.util.function.DoubleFunction<String> format) {
        List<Svg.Series> series = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Timeline.Line l = lines.get(i);
            series.add(new Svg.Series(l.name(), Timeline.COLOURS[i % Timeline.COLOURS.length], l.x(), l.y()));
        }
        return Svg.render(title, "seconds", unit, series, stages, log, format);
    }

    private static String ms(double v) {
        return v >= 1 ? Svg.plain(v) : String.format(Locale.ROOT, "%s", v >= 0.01 ? String.format(Locale.ROOT,
                "%.2f", v) : String.format(Locale.ROOT, "%.3f", v));
    }

    private static final String STYLE = """
              body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1000px; color: #222; padding: 0 1em; }
              h1 { font-size: 1.5em; margin-bottom: .2em; }
              .meta { color: #666; margin-top: 0; }
              pre { background: #f6f6f6; padding: .6em; overflow-x: auto; }
              svg.chart { width: 100%; height: auto; margin: .5em 0 1.5em; }
              svg .title { font-weight: 600; font-size: 14px; }
              svg .tick, svg .legend, svg .stagelabel { font-size: 11px; fill: #444; }
              svg .axis { font-size: 12px; fill: #444; }
              svg .grid { stroke: #e4e4e4; }
              svg .stage { stroke: #999; stroke-dasharray: 4 3; }
              .verdicts li.pass { color: #1a7f37; }
              .verdicts li.fail { color: #cf222e; font-weight: 600; }
              .verdicts li.bottleneck { color: #9a6700; }
            """;
}
