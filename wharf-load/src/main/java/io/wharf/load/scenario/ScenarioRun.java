package io.wharf.load.scenario;

import io.wharf.load.ChatLoad;
import io.wharf.load.ChatReport;
import io.wharf.load.ChatSpec;
import io.wharf.load.Interval;
import io.wharf.load.LoadGenerator;
import io.wharf.load.LoadProgress;
import io.wharf.load.LoadSpec;
import io.wharf.load.RunShape;
import io.wharf.load.TargetKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Runs a {@link Scenario}: the generator follows its stages while each second's {@link Interval} is kept and
 * passed on (the live line, the system sampler), then the thresholds are judged. Stateless.
 */
public final class ScenarioRun {

    /**
     * A finished run: every interval in order, each threshold's outcome, failures only known at the end (chat's
     * lost and duplicated deliveries; they count in the whole run's errors) and lines the report adds about them.
     */
    public record Result(Scenario scenario, List<Interval> intervals, List<Verdicts.Outcome> outcomes,
                         long startEpochMillis, long lateFailures, List<String> notes) {

        public Result {
            intervals = List.copyOf(intervals);
            outcomes = List.copyOf(outcomes);
            notes = List.copyOf(notes);
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
                64, 0, "/", s.keepAlive(), s.timeout(), s.tls());
        return LoadGenerator.stagedSpec(base, s.curve());
    }

    /**
     * Runs it; {@code listener} hears each interval as it is cut (on the sampling thread). Throws IOException when
     * the target cannot be reached before the start.
     */
    public static Result run(Scenario s, LoadProgress progress, Interval.Listener listener) throws IOException {
        List<Interval> intervals = Collections.synchronizedList(new ArrayList<>());
        long start = System.currentTimeMillis();
        Interval.Listener both = i -> {
            intervals.add(i);
            listener.interval(i);
        };
        long late = 0;
        List<String> notes = new ArrayList<>();
        switch (s.driver()) {
            case Scenario.Requests r -> LoadGenerator.run(spec(s), new RunShape(s.curve(), s.think().toNanos(),
                    s.churn()), r.target(), progress, both);
            case Scenario.Chat c -> {
                ChatReport report = ChatLoad.run(chatSpec(s, c), s.curve(), progress, both);
                late = report.lost() + report.duplicates();
                notes.add(String.format(Locale.ROOT, s.protocol() + ": %,d of %,d clients joined; %,d messages sent, %,d of "
                        + "%,d deliveries expected: %,d lost, %,d duplicated, %,d out of order; %,d server error "
                        + "lines", report.joined(), s.connections(), report.sent(), report.deliveries(),
                        report.expected(), report.lost(), report.duplicates(), report.late(), report.serverErrors()));
            }
        }
        List<Interval> all;
        synchronized (intervals) {
            all = List.copyOf(intervals);
        }
        long epoch = all.isEmpty() ? start : all.get(0).epochMillis();
        return new Result(s, all, Verdicts.judge(s.thresholds(), all, s.curve(), late), epoch, late, notes);
    }

    /** The chat run a scenario asks for: its clients, rooms and size; the rate per client its curve's peak share. */
    static ChatSpec chatSpec(Scenario s, Scenario.Chat c) {
        return new ChatSpec(s.host(), s.port(), s.connections(), c.rooms(), s.curve().peak() / s.connections(),
                s.threads(), Duration.ofNanos(s.curve().totalNanos()), Duration.ZERO, c.messageSize(), s.timeout(),
                s.tls(), c.wsPath());
    }
}
