package io.wharf.load.scenario.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.load.FailureKind;
import io.wharf.load.Interval;
import io.wharf.load.LoadCurve;
import io.wharf.load.scenario.ScenarioRun;
import io.wharf.load.scenario.Verdicts;
import io.wharf.load.scenario.bottleneck.Bottlenecks;
import io.wharf.load.scenario.bottleneck.SystemSample;
import io.wharf.load.scenario.bottleneck.ThreadLoad;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The run's data files: {@code intervals.hlog} (HdrHistogram's interval log, latencies in microseconds, readable
 * by {@code HistogramLogReader} and its processor), {@code timeseries.csv} (a row per interval), {@code system.csv}
 * (a row per sample, with {@code --server-pid} or samples at all) and {@code run.json} (everything, snake_case, as
 * {@code wharf load --json}). Stateless.
 */
public final class ReportData {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The log's max column in milliseconds: the histograms hold microseconds. */
    private static final double MAX_RATIO = 1000.0;

    private ReportData() {
    }

    static void intervalLog(ScenarioRun.Result r, Path file) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            HistogramLogWriter w = new HistogramLogWriter(out);
            w.outputComment("wharf load run " + r.scenario().name() + ": latency in microseconds, one histogram "
                    + "per interval");
            w.outputLogFormatVersion();
            w.outputStartTime(r.startEpochMillis());
            w.outputBaseTime(r.startEpochMillis());
            w.outputLegend();
            for (Interval i : r.intervals()) {
                w.outputIntervalHistogram(i.startMillis() / 1000.0, i.endMillis() / 1000.0, i.latencyMicros(),
                        MAX_RATIO);
            }
            if (out.checkError()) {
                throw new IOException("write failed: " + file);
            }
        }
    }

    static String timeseriesCsv(ScenarioRun.Result r) {
        StringBuilder b = new StringBuilder("start_s,end_s,time,stage,stage_name,target,requests,rate,failures");
        for (FailureKind k : FailureKind.values()) {
            b.append(',').append(k.name().toLowerCase(Locale.ROOT));
        }
        b.append(",connections_open,p50_micros,p90_micros,p99_micros,max_micros\n");
        LoadCurve curve = r.scenario().curve();
        for (Interval i : r.intervals()) {
            b.append(String.format(Locale.ROOT, "%.3f,%.3f,%s,%d,%s,%.1f,%d,%.1f,%d", i.startMillis() / 1000.0,
                    i.endMillis() / 1000.0, java.time.Instant.ofEpochMilli(i.epochMillis()), i.stage() + 1,
                    csv(curve.stages().get(i.stage()).name()), i.target(), i.requests(), i.rate(),
                    i.totalFailures()));
            for (FailureKind k : FailureKind.values()) {
                b.append(',').append(i.failures().getOrDefault(k, 0L));
            }
            b.append(String.format(Locale.ROOT, ",%d,%d,%d,%d,%d%n", i.open(), i.percentileMicros(50),
                    i.percentileMicros(90), i.percentileMicros(99),
                    i.latencyMicros().getTotalCount() == 0 ? 0 : i.latencyMicros().getMaxValue()));
        }
        return b.toString();
    }

    static String systemCsv(java.util.List<SystemSample> samples) {
        StringBuilder b = new StringBuilder("end_s,stage,rate,server_cpu_cores,server_busiest_thread,"
                + "server_busiest_busy,server_rss_bytes,server_fds,server_threads,generator_cpu_cores,"
                + "generator_busiest_thread,generator_busiest_busy,accept_queued,accept_backlog,gc_pauses,gc_pause_ms");
        io.wharf.load.scenario.bottleneck.KernelCounters.NAMES.forEach(n -> b.append(',').append(n));
        b.append('\n');
        for (SystemSample s : samples) {
            ThreadLoad st = Bottlenecks.busiestOf(s.serverThreads());
            ThreadLoad gt = Bottlenecks.busiestOf(s.generatorThreads());
            b.append(String.format(Locale.ROOT, "%.3f,%d,%.1f,%.3f,%s,%.3f,%d,%d,%d,%.3f,%s,%.3f,%d,%d,%d,%.3f",
                    s.endMillis() / 1000.0, s.stage() + 1, s.rate(), s.serverCpu(), st == null ? "" : csv(st.name()),
                    st == null ? 0 : st.busy(), s.serverRss(), s.serverFds(), s.serverThreadCount(), s.generatorCpu(),
                    gt == null ? "" : csv(gt.name()), gt == null ? 0 : gt.busy(), s.acceptQueued(),
                    s.acceptBacklog(), s.gcPauses(), s.gcPauseMillis()));
            io.wharf.load.scenario.bottleneck.KernelCounters.NAMES.forEach(n -> b.append(',').append(s.tcp(n)));
            b.append('\n');
        }
        return b.toString();
    }

    static String json(ScenarioRun.Result r, java.util.List<SystemSample> samples,
                       java.util.List<Bottlenecks.Finding> found) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode sc = root.putObject("scenario");
        sc.put("name", r.scenario().name()).put("file", r.scenario().file()).put("protocol", r.scenario().protocol())
                .put("host", r.scenario().host()).put("port", r.scenario().port())
                .put("connections", r.scenario().connections()).put("threads", r.scenario().threads())
                .put("mode", r.scenario().curve().mode().name().toLowerCase(Locale.ROOT));
        r.scenario().requests().forEach(sc.putArray("requests")::add);
        root.put("start", java.time.Instant.ofEpochMilli(r.startEpochMillis()).toString());
        ArrayNode stages = root.putArray("stages");
        LoadCurve curve = r.scenario().curve();
        for (int i = 0; i < curve.stages().size(); i++) {
            LoadCurve.Stage s = curve.stages().get(i);
            ObjectNode n = figures(stages.addObject(), Verdicts.figures(r.intervals(), i));
            n.put("name", s.name()).put("duration_seconds", s.nanos() / 1e9).put("from", s.from()).put("to", s.to());
        }
        figures(root.putObject("overall"), Verdicts.figures(r.intervals(), -1));
        ArrayNode th = root.putArray("thresholds");
        for (Verdicts.Outcome o : r.outcomes()) {
            th.addObject().put("rule", o.threshold().text()).put("scope", o.threshold().scope())
                    .put("measured", o.measured()).put("passed", o.passed());
        }
        root.put("passed", r.passed());
        r.notes().forEach(root.putArray("notes")::add);
        root.put("late_failures", r.lateFailures());
        ArrayNode b = root.putArray("bottlenecks");
        for (Bottlenecks.Finding f : found) {
            b.addObject().put("kind", f.kind().name().toLowerCase(Locale.ROOT)).put("from_seconds",
                    f.fromMillis() / 1000.0).put("stage", f.stage() + 1).put("rate", f.rate()).put("text", f.text());
        }
        ArrayNode iv = root.putArray("intervals");
        for (Interval i : r.intervals()) {
            ObjectNode n = iv.addObject().put("start_seconds", i.startMillis() / 1000.0)
                    .put("end_seconds", i.endMillis() / 1000.0).put("stage", i.stage() + 1).put("target", i.target())
                    .put("requests", i.requests()).put("rate", i.rate()).put("connections_open", i.open())
                    .put("p50_micros", i.percentileMicros(50)).put("p90_micros", i.percentileMicros(90))
                    .put("p99_micros", i.percentileMicros(99)).put("max_micros",
                            i.latencyMicros().getTotalCount() == 0 ? 0 : i.latencyMicros().getMaxValue());
            ObjectNode f = n.putObject("failures");
            i.failures().forEach((k, v) -> f.put(k.name().toLowerCase(Locale.ROOT), v));
        }
        ArrayNode sys = root.putArray("system");
        for (SystemSample s : samples) {
            ObjectNode n = sys.addObject().put("end_seconds", s.endMillis() / 1000.0).put("server_cpu_cores",
                    s.serverCpu()).put("server_rss_bytes", s.serverRss()).put("server_fds", s.serverFds())
                    .put("server_threads", s.serverThreadCount()).put("generator_cpu_cores", s.generatorCpu())
                    .put("accept_queued", s.acceptQueued()).put("accept_backlog", s.acceptBacklog())
                    .put("gc_pauses", s.gcPauses()).put("gc_pause_ms", s.gcPauseMillis());
            threads(n.putArray("server_busiest_threads"), s.serverThreads());
            threads(n.putArray("generator_threads"), s.generatorThreads());
            ObjectNode tcp = n.putObject("tcp");
            s.tcp().forEach(tcp::put);
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void threads(ArrayNode into, java.util.List<ThreadLoad> threads) {
        for (ThreadLoad t : threads) {
            into.addObject().put("name", t.name()).put("cpu", t.cpu()).put("busy", t.busy());
        }
    }

    private static ObjectNode figures(ObjectNode n, Verdicts.Figures f) {
        return n.put("requests", f.requests()).put("failures", f.failures()).put("seconds", f.seconds())
                .put("requests_per_second", f.rate()).put("error_share", f.errorShare())
                .put("p50_micros", f.percentile(50)).put("p90_micros", f.percentile(90))
                .put("p99_micros", f.percentile(99)).put("p99_9_micros", f.percentile(99.9))
                .put("max_micros", f.latency().getTotalCount() == 0 ? 0 : f.latency().getMaxValue());
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
