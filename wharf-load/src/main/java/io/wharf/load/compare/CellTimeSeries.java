package io.wharf.load.compare;

import io.wharf.load.Interval;
import io.wharf.load.LoadGenerator;
import io.wharf.load.LoadSpec;
import io.wharf.load.scenario.Scenario;
import io.wharf.load.scenario.ScenarioRun;
import io.wharf.load.scenario.Verdicts;
import io.wharf.load.scenario.bottleneck.Bottlenecks;
import io.wharf.load.scenario.bottleneck.SystemSample;
import io.wharf.load.scenario.report.ScenarioFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One compare cell's run over time, in the form {@code wharf load run} writes it (report.html with the charts and
 * the bottleneck verdict, intervals.hlog, timeseries.csv, system.csv, run.json; no PNGs, to keep a matrix of cells
 * quick): its stages are the warm-up and the measured window; its server samples are the main server process's
 * (a prefork or process model's children are not broken down by thread). Stateless.
 */
final class CellTimeSeries {

    private CellTimeSeries() {
    }

    /** Writes the cell's files; an error that stopped it, in a line, or empty. */
    static String write(Path dir, String model, int clients, LoadSpec load, List<Interval> intervals,
                      List<SystemSample> samples) {
        List<Interval> all;
        synchronized (intervals) {
            all = List.copyOf(intervals);
        }
        Scenario cell = new Scenario("", model + " @ " + clients + " client" + (clients == 1 ? "" : "s"),
                load.target().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), load.host(), load.port(),
                load.keepAlive(), load.effectiveThreads(), clients, load.timeout(), Duration.ZERO, 0,
                LoadGenerator.flat(load), new Scenario.Requests(load.target().target(load)), List.of(), List.of());
        long start = all.isEmpty() ? System.currentTimeMillis() : all.get(0).epochMillis();
        ScenarioRun.Result result = new ScenarioRun.Result(cell, all, Verdicts.judge(List.of(), all, cell.curve()),
                start, 0, List.of());
        List<Bottlenecks.Finding> found = Bottlenecks.find(samples, cell.curve(),
                Runtime.getRuntime().availableProcessors());
        try {
            ScenarioFiles.write(result, samples, found, dir, false);
            return "";
        } catch (IOException | UncheckedIOException e) {
            return "cannot write " + dir + ": " + e.getMessage();
        }
    }
}
