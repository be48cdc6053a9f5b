package io.wharf.load.scenario.report;

import io.wharf.load.scenario.ScenarioRun;
import io.wharf.load.scenario.bottleneck.Bottlenecks;
import io.wharf.load.scenario.bottleneck.SystemSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes everything {@code --out DIR} promises: report.html, intervals.hlog, timeseries.csv, system.csv (when
 * sampled), run.json and the PNG charts. Stateless.
 */
public final class ScenarioFiles {

    private ScenarioFiles() {
    }

    /** Writes the files into {@code dir} (made if missing); returns them, the report first. */
    public static List<Path> write(ScenarioRun.Result r, List<SystemSample> samples, List<Bottlenecks.Finding> found,
                                   Path dir) throws IOException {
        return write(r, samples, found, dir, true);
    }

    /** The same, with or without the PNG charts. */
    public static List<Path> write(ScenarioRun.Result r, List<SystemSample> samples, List<Bottlenecks.Finding> found,
                                   Path dir, boolean pngs) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        out.add(text(dir.resolve("report.html"), ReportHtml.render(r, samples, found)));
        Path log = dir.resolve("intervals.hlog");
        ReportData.intervalLog(r, log);
        out.add(log);
        out.add(text(dir.resolve("timeseries.csv"), ReportData.timeseriesCsv(r)));
        if (!samples.isEmpty()) {
            out.add(text(dir.resolve("system.csv"), ReportData.systemCsv(samples)));
        }
        out.add(text(dir.resolve("run.json"), ReportData.json(r, samples, found)));
        if (pngs) {
            out.addAll(ReportPng.write(r, samples, dir));
        }
        return out;
    }

    private static Path text(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
