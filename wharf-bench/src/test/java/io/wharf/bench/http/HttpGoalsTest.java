package io.wharf.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.core.Model;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpGoalsTest {

    static final HttpTarget EVENT = HttpTarget.wharf(Model.EVENT);
    static final HttpTarget REACTOR = HttpTarget.wharf(Model.REACTOR);

    static WrkResult wrk(double rps) {
        return new WrkResult((long) (rps * 10), 10, rps, rps * 1024, 500, 600, 700, 900,
                WrkResult.SocketErrors.NONE, 0);
    }

    static WrkResult flaggedWrk(double rps) {
        return new WrkResult((long) (rps * 10), 10, rps, rps * 1024, 500, 600, 700, 900,
                new WrkResult.SocketErrors(0, 3, 0, 0), 0);
    }

    /** A target's summary on a file from clean runs at these requests/s. */
    static HttpSummary summary(HttpTarget target, BenchFile file, double... rps) {
        List<HttpRun> runs = new ArrayList<>();
        for (int i = 0; i < rps.length; i++) {
            runs.add(new HttpRun(target, file, i + 1, wrk(rps[i]), 0.9));
        }
        return new HttpSummary(target, file, runs, List.of());
    }

    /** wharf's event and reactor models, nginx and Jetty, on both files. */
    static List<HttpSummary> field(double eventSmall, double reactorSmall, double eventLarge) {
        return List.of(
                summary(EVENT, BenchFile.SMALL, eventSmall), summary(EVENT, BenchFile.LARGE, eventLarge),
                summary(REACTOR, BenchFile.SMALL, reactorSmall), summary(REACTOR, BenchFile.LARGE, 1),
                summary(HttpTarget.NGINX, BenchFile.SMALL, 40_000, 50_000, 45_000),
                summary(HttpTarget.NGINX, BenchFile.LARGE, 3_000),
                summary(HttpTarget.JETTY, BenchFile.SMALL, 30_000),
                summary(HttpTarget.JETTY, BenchFile.LARGE, 2_000));
    }

    @Test
    void wharfIsItsBestModelPerFile() {
        List<HttpSummary> s = field(30_000, 40_000, 2_800);

        assertThat(HttpGoals.bestWharf(s, BenchFile.SMALL)).hasValueSatisfying(b -> assertThat(b.target()).isEqualTo(REACTOR));
        assertThat(HttpGoals.bestWharf(s, BenchFile.LARGE)).hasValueSatisfying(b -> assertThat(b.target()).isEqualTo(EVENT));
    }

    @Test
    void ratiosAreMedianOverMedian() {
        List<HttpSummary> s = field(36_000, 1, 2_700);

        assertThat(HttpGoals.ratio(HttpGoals.bestWharf(s, BenchFile.SMALL), HttpGoals.find(s, HttpTarget.NGINX, BenchFile.SMALL)))
                .hasValue(0.8);
        assertThat(HttpGoals.verdicts(s)).containsExactly(
                "goal: wharf >= 1.20x jetty req/s on 1 KiB: MET (1.20x, best model event)",
                "goal: wharf >= 0.80x nginx req/s on 1 KiB: MET (0.80x, best model event)",
                "goal: wharf >= 0.90x nginx req/s on 1 MiB: MET (0.90x, best model event)",
                "next goal: wharf passes nginx req/s on 1 KiB: NOT MET (0.80x, best model event)",
                "next goal: wharf passes nginx req/s on 1 MiB: NOT MET (0.90x, best model event)");
    }

    @Test
    void justBelowATargetIsNotMet() {
        List<String> v = HttpGoals.verdicts(field(35_900, 1, 2_690));

        assertThat(v.get(0)).startsWith("goal: wharf >= 1.20x jetty req/s on 1 KiB: NOT MET (1.20x");
        assertThat(v.get(1)).contains("NOT MET (0.80x");
        assertThat(v.get(2)).contains("NOT MET (0.90x");
    }

    @Test
    void passingNginxMeansMoreThanIt() {
        List<String> v = HttpGoals.verdicts(field(46_000, 1, 3_000));

        assertThat(v.get(3)).contains(": MET (1.02x");
        assertThat(v.get(4)).contains(": NOT MET (1.00x");
    }

    @Test
    void withoutWharfOrAPeerTheGoalIsNotChecked() {
        List<HttpSummary> peersOnly = field(1, 1, 1).stream().filter(x -> !x.target().isWharf()).toList();
        List<HttpSummary> noJetty = field(50_000, 1, 1).stream()
                .filter(x -> !x.target().equals(HttpTarget.JETTY)).toList();

        assertThat(HttpGoals.verdicts(peersOnly)).allSatisfy(l -> assertThat(l).endsWith("NOT CHECKED (no wharf result)"));
        assertThat(HttpGoals.verdicts(noJetty).get(0)).endsWith("NOT CHECKED (no jetty result)");
    }

    @Test
    void failedOrFlaggedWharfRunsDoNotCount() {
        HttpSummary failed = new HttpSummary(EVENT, BenchFile.SMALL, List.of(),
                List.of("round 1: wharf-event server exited with code 2"));
        HttpSummary flagged = new HttpSummary(REACTOR, BenchFile.SMALL,
                List.of(new HttpRun(REACTOR, BenchFile.SMALL, 1, flaggedWrk(99_000), 0.9)), List.of());
        List<HttpSummary> s = List.of(failed, flagged, summary(HttpTarget.JETTY, BenchFile.SMALL, 30_000));

        assertThat(HttpGoals.bestWharf(s, BenchFile.SMALL)).isEmpty();
        assertThat(HttpGoals.verdicts(s).get(0)).endsWith("NOT CHECKED (no wharf result)");
    }
}
