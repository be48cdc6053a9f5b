package io.wharf.load.cli;

import io.wharf.load.Interval;
import io.wharf.load.LoadProgress;
import io.wharf.load.scenario.Scenario;
import io.wharf.load.scenario.ScenarioException;
import io.wharf.load.scenario.report.ScenarioFiles;
import io.wharf.load.scenario.ScenarioReader;
import io.wharf.load.scenario.ScenarioRun;
import io.wharf.load.scenario.ScenarioText;
import io.wharf.load.scenario.bottleneck.Bottlenecks;
import io.wharf.load.scenario.bottleneck.SystemWatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wharf load run SCENARIO}: runs a scenario file's stages, prints a row per stage and the thresholds'
 * verdicts, and with {@code --out} writes the time series and the report. Exit 0 when every threshold holds, 1
 * when one fails (each failing one named with what was measured), 2 for a bad file or a target that cannot be
 * reached.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a load scenario (YAML): stages, a request mix, thresholds. Exit 1 if a threshold fails."},
        footer = {"", "Examples:",
            "  wharf load run conf/scenarios/http.yaml",
            "  wharf load run ramp.yaml --out report --server-pid $(pgrep -f 'wharf serve')"})
public final class ScenarioCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "The scenario file (YAML).")
    Path file;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Write the interval log (.hlog), "
            + "per-second CSV, JSON, report.html and PNGs here.")
    Path out;

    @Option(names = "--server-pid", paramLabel = "PID", description = "Sample this local server's threads' CPU, "
            + "memory, descriptors and the kernel's TCP counters each second, and name what saturated first.")
    Long serverPid;

    @Option(names = "--gc-log", paramLabel = "FILE", description = "A JVM server's GC log (it runs with "
            + "-Xlog:gc:file=FILE): its pauses each second, and a verdict when they take a tenth of the time.")
    Path gcLog;

    @Option(names = "--progress", description = "Show the live line even when stderr is not a terminal.")
    boolean progress;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario scenario;
        try {
            scenario = ScenarioReader.read(file);
        } catch (ScenarioException e) {
            err.println("wharf: " + e.getMessage());
            return 2;
        }
        if (serverPid != null && !SystemWatch.alive(serverPid)) {
            err.println("wharf: --server-pid " + serverPid + ": no such process on this machine");
            return 2;
        }
        SystemWatch watch = new SystemWatch(serverPid, scenario.port(), gcLog);
        ScenarioLine line = progress || ProgressLine.stderrIsTerminal()
                ? new ScenarioLine(err, scenario.curve()) : null;
        Interval.Listener listener = i -> {
            watch.sample(i);
            if (line != null) {
                line.interval(i);
            }
        };
        ScenarioRun.Result result;
        try {
            result = ScenarioRun.run(scenario, new LoadProgress() {
                @Override
                public void update(long a, long b, long c, long d, double e) {
                }

                @Override
                public void starting() {
                    stdout.println("wharf load run " + scenario.summary());
                    stdout.flush();
                    watch.start();
                }
            }, listener);
        } catch (IOException e) {
            err.println("wharf: " + e.getMessage());
            return 2;
        } finally {
            if (line != null) {
                line.clear();
            }
        }
        List<Bottlenecks.Finding> findings = Bottlenecks.find(watch.samples(), scenario.curve(),
                Runtime.getRuntime().availableProcessors());
        stdout.print(ScenarioText.render(result));
        stdout.print(Bottlenecks.text(findings, !watch.samples().isEmpty()));
        if (out != null) {
            try {
                List<Path> written = ScenarioFiles.write(result, watch.samples(), findings, out);
                stdout.println("report: " + out.resolve("report.html") + " (with " + written.size() + " files in "
                        + out + ")");
            } catch (IOException e) {
                err.println("wharf: cannot write " + out + ": " + e.getMessage());
                return 2;
            }
        }
        stdout.flush();
        return result.passed() ? 0 : 1;
    }
}
