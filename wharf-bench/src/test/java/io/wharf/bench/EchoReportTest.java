package io.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EchoReportTest {

    private static final Target EVENT = Target.parse("event");
    private static final Target NETTY = Target.parse("netty");
    private static final Target REACTOR = Target.parse("reactor", 2);
    private static final Target NETTY_N = Target.parse("netty-n", 2);

    private static RunResult run(Target t, int round, double rtps, double p50, double p99) {
        return new RunResult(t, round, rtps, p50, p99, 0, 0.9, 0.8);
    }

    private static TargetSummary summary(Target t, double rtps, double p50, double p99, double serverCpu) {
        return new TargetSummary(t, List.of(new RunResult(t, 1, rtps, p50, p99, 0, serverCpu, 0.5)), Optional.empty());
    }

    /** event and netty as in {@link #eventAt}, plus reactor at 98,000 rt/s and netty-n at 100,000, both 2 loops. */
    private static List<TargetSummary> allFour() {
        List<TargetSummary> four = new java.util.ArrayList<>(eventAt(107_000));
        four.add(summary(REACTOR, 98_000, 510, 2000, 1.20));
        four.add(summary(NETTY_N, 100_000, 500, 1000, 1.10));
        return four;
    }

    private static List<TargetSummary> eventAt(double rtps) {
        TargetSummary event = new TargetSummary(EVENT,
                List.of(run(EVENT, 1, rtps, 400, 900), run(EVENT, 2, 1, 1, 1), run(EVENT, 3, rtps, 400, 900)),
                Optional.empty());
        TargetSummary netty = new TargetSummary(NETTY,
                List.of(run(NETTY, 1, 100_000, 500, 1000), run(NETTY, 2, 90_000, 600, 1200),
                        run(NETTY, 3, 110_000, 500, 1000)), Optional.empty());
        return List.of(event, netty);
    }

    @Test
    void ratiosAreMedianOverMedian() {
        List<String> csv = EchoReport.csv(eventAt(110_000));

        assertThat(csv).contains("event,1,median,110000,400.0,900.0,0.90,0.80,0,1.100,0.800,0.900,,,,");
        assertThat(csv).contains("netty,1,median,100000,500.0,1000.0,0.90,0.80,0,1.000,1.000,1.000,,,,");
        assertThat(csv).contains("netty,1,2,90000,600.0,1200.0,0.90,0.80,0,,,,,,,");
        assertThat(EchoReport.table(eventAt(110_000))).contains("1.10x", "0.80x", "0.90x");
    }

    @Test
    void verdictChecksTheEventModelAgainstNetty() {
        assertThat(EchoReport.verdict(eventAt(100_000))).hasValueSatisfying(v -> assertThat(v).contains("MET (1.00x)"));
        assertThat(EchoReport.verdict(eventAt(95_000)))
                .hasValueSatisfying(v -> assertThat(v).contains("NOT MET (0.95x)"));
        assertThat(EchoReport.verdict(eventAt(95_000).subList(0, 1))).isEmpty();
    }

    @Test
    void warnsWhenTheLoadClientRanNearlyFlatOut() {
        TargetSummary busy = new TargetSummary(EVENT, List.of(new RunResult(EVENT, 1, 1, 1, 1, 0, 0.5, 0.95)),
                Optional.empty());

        assertThat(EchoReport.loadWarning(eventAt(100_000), 1)).isEmpty();
        assertThat(EchoReport.loadWarning(List.of(busy), 1)).hasValueSatisfying(w -> assertThat(w).contains("event"));
        assertThat(EchoReport.loadWarning(List.of(busy), 2)).isEmpty();
    }

    @Test
    void targetsWithoutNumbersShowWhy() {
        TargetSummary iterative = new TargetSummary(Target.parse("iterative"), List.of(),
                Optional.of("cannot hold 50 clients"));

        assertThat(EchoReport.table(List.of(iterative))).contains("iterative  cannot hold 50 clients");
        assertThat(EchoReport.csv(List.of(iterative))).contains("iterative,,median,,,,,,,,,,,,,cannot hold 50 clients");
    }

    @Test
    void eachModelIsSetAgainstItsOwnNetty() {
        String ratios = EchoReport.ratios(allFour());

        assertThat(ratios).contains("event / netty(1 loop)    = 1.07x round trips/s  (p50 0.80x, p99 0.90x;"
                + " server CPU 0.90 vs 0.90 cores)");
        assertThat(ratios).contains("reactor / netty(2 loops) = 0.98x round trips/s  (p50 1.02x, p99 2.00x;"
                + " server CPU 1.20 vs 1.10 cores)");
    }

    @Test
    void csvCarriesBothRatiosAndTheLoopCounts() {
        List<String> csv = EchoReport.csv(allFour());

        assertThat(csv.get(0)).isEqualTo("target,event_loops,round,round_trips_per_s,p50_us,p99_us,server_cpu_cores,"
                + "load_cpu_cores,errors,rt_vs_netty,p50_vs_netty,p99_vs_netty,rt_vs_netty_n,p50_vs_netty_n,"
                + "p99_vs_netty_n,note");
        assertThat(csv).contains("event,1,median,107000,400.0,900.0,0.90,0.80,0,1.070,0.800,0.900,1.070,0.800,0.900,");
        assertThat(csv).contains("reactor,2,median,98000,510.0,2000.0,1.20,0.50,0,0.980,1.020,2.000,0.980,1.020,2.000,");
        assertThat(csv).contains("netty-n,2,median,100000,500.0,1000.0,1.10,0.50,0,1.000,1.000,1.000,1.000,1.000,1.000,");
        int columns = csv.get(0).split(",", -1).length;
        assertThat(csv).allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(columns));
    }

    @Test
    void theOneLoopNettyStaysTheBaselineWhereverNettyNIsListed() {
        List<TargetSummary> nettyNFirst = new java.util.ArrayList<>(allFour());
        java.util.Collections.reverse(nettyNFirst);

        assertThat(EchoReport.table(nettyNFirst)).contains("1.07x");
        assertThat(EchoReport.verdict(nettyNFirst)).hasValueSatisfying(v -> assertThat(v).contains("MET (1.07x)"));
        assertThat(EchoReport.ratios(nettyNFirst)).contains("event / netty(1 loop)    = 1.07x",
                "reactor / netty(2 loops) = 0.98x");
    }

    @Test
    void aPairWithOneSideMissingSaysWhy() {
        TargetSummary failed = new TargetSummary(NETTY_N, List.of(), Optional.of("failed in round 1: boom"));
        List<TargetSummary> reactorAlone = List.of(summary(REACTOR, 98_000, 510, 2000, 1.2), failed);

        assertThat(EchoReport.ratios(reactorAlone)).contains("reactor / netty(2 loops) = -      (netty-n: failed in round 1: boom)")
                .doesNotContain("event");
        assertThat(EchoReport.ratios(List.of(summary(REACTOR, 98_000, 510, 2000, 1.2))))
                .contains("reactor / netty(2 loops) = -      (netty-n: not run)");
        assertThat(EchoReport.ratios(eventAt(100_000).subList(0, 1))).contains("(netty: not run)");
        assertThat(EchoReport.ratios(List.of())).isEmpty();
        assertThat(EchoReport.csv(reactorAlone)).contains("netty-n,2,median,,,,,,,,,,,,,failed in round 1: boom");
    }
}
