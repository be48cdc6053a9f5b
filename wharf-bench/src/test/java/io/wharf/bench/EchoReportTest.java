package io.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EchoReportTest {

    private static final Target EVENT = Target.parse("event");
    private static final Target NETTY = Target.parse("netty");

    private static RunResult run(Target t, int round, double rtps, double p50, double p99) {
        return new RunResult(t, round, rtps, p50, p99, 0, 0.9, 0.8);
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

        assertThat(csv).contains("event,median,110000,400.0,900.0,0.90,0.80,0,1.100,0.800,0.900,");
        assertThat(csv).contains("netty,median,100000,500.0,1000.0,0.90,0.80,0,1.000,1.000,1.000,");
        assertThat(csv).contains("netty,2,90000,600.0,1200.0,0.90,0.80,0,,,,");
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
        assertThat(EchoReport.csv(List.of(iterative))).contains("iterative,median,,,,,,,,,,cannot hold 50 clients");
    }
}
