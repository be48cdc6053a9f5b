package io.wharf.load.scenario;

import io.wharf.load.Interval;
import io.wharf.load.LoadGenerator;
import io.wharf.load.LoadProgress;
import io.wharf.load.LoadReport;
import io.wharf.load.LoadSpec;
import io.wharf.load.RunShape;
import io.wharf.load.TargetKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs a {@link Scenario}: the generator follows its stages while each second's {@link Interval} is kept and
 * passed on (the live line, the system sampler), then the thresholds are judged. Stateless.
 */
public final class ScenarioRun {

    /** A finished run: the whole-run report, every interval in order, and each threshold's outcome. */
    public record Result(Scenario scenario, LoadReport report, List<Interval> intervals,
                         List<Verdicts.Outcome> outcomes, long startEpochMillis) {

        public Result {
            intervals = List.copyOf(intervals);
            outcomes = List.copyOf(outcomes);
        }

        public boolean passed() {
            return outcomes.stream().allMatch(Verdicts.Outcome::passed);
        }
    }

    private ScenarioRun() {
    }

    /** The spec the generator runs: the scenario's connections, threads and timeout, shaped by its curve. */
    static LoadSpec spec(Scenario s) {
        LoadSpec base = new LoadSpec(s.protocol().equals("http") ? TargetKind.HTTP : TargetKind.ECHO_RAW, s.host(),
                s.port(), s.connections(), s.threads(), Duration.ofNanos(s.curve().totalNanos()), 0, Duration.ZERO,
                64, 0, "/", s.keepAlive(), s.timeout());
        return LoadGenerator.stagedSpec(base, s.curve());
    }

    /**
     * Runs it; {@code listener} hears each interval as it is cut (on the sampling thread). Throws IOException when
     * the target cannot be reached before the start.
     */
    public static Result run(Scenario s, LoadProgress progress, Interval.Listener listener) throws IOException {
        List<Interval> intervals = Collections.synchronizedList(new ArrayList<>());
        long start = System.currentTimeMillis();
        RunShape shape = new RunShape(s.curve(), s.think().toNanos(), s.churn());
        LoadReport report = LoadGenerator.run(spec(s), shape, s.target(), progress, i -> {
            intervals.add(i);
            listener.interval(i);
        });
        List<Interval> all;
        synchronized (intervals) {
            all = List.copyOf(intervals);
        }
        long epoch = all.isEmpty() ? start : all.get(0).epochMillis();
        return new Result(s, report, all, Verdicts.judge(s.thresholds(), all, s.curve()), epoch);
    }
}
