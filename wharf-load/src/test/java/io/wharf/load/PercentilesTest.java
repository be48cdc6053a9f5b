package io.wharf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The report's maths on distributions whose percentiles are known exactly. */
class PercentilesTest {

    private static LoadReport report(Histogram latency, long successes, Duration elapsed) {
        return new LoadReport(LoadSpec.of(TargetKind.ECHO_RAW, "127.0.0.1", 7007), successes,
                Map.of(FailureKind.RESET, 2L), 1_000, 3_000, elapsed, latency, Tally.histogram(), 1);
    }

    @Test
    void uniformOneToTenThousand() {
        Histogram h = Tally.histogram();
        for (int v = 1; v <= 10_000; v++) {
            h.recordValue(v);
        }
        LoadReport r = report(h, 10_000, Duration.ofSeconds(2));
        // three significant digits: each value is within 0.1 % of the exact rank
        assertThat((double) r.latencyPercentileMicros(50)).isCloseTo(5_000, within(5.0));
        assertThat((double) r.latencyPercentileMicros(90)).isCloseTo(9_000, within(9.0));
        assertThat((double) r.latencyPercentileMicros(99)).isCloseTo(9_900, within(10.0));
        assertThat((double) r.latencyPercentileMicros(99.9)).isCloseTo(9_990, within(10.0));
        assertThat(r.latencyMicros().getMaxValue()).isCloseTo(10_000, within(10L));
        assertThat(r.requestsPerSecond()).isEqualTo(5_000.0);
        assertThat(r.bytesPerSecond()).isEqualTo(2_000.0);
    }

    @Test
    void oneSlowOutlierMovesOnlyTheTail() {
        Histogram h = Tally.histogram();
        h.recordValueWithCount(100, 990);
        h.recordValueWithCount(1_000_000, 10); // 1 % at one second
        LoadReport r = report(h, 1_000, Duration.ofSeconds(1));
        assertThat(r.latencyPercentileMicros(50)).isEqualTo(100);
        assertThat(r.latencyPercentileMicros(99)).isEqualTo(100);
        assertThat((double) r.latencyPercentileMicros(99.9)).isCloseTo(1_000_000, within(1_000.0));
    }

    @Test
    void failuresAreListedForEveryKindAndSummed() {
        LoadReport r = report(Tally.histogram(), 0, Duration.ofSeconds(1));
        assertThat(r.failures()).containsOnlyKeys(FailureKind.values()).containsEntry(FailureKind.RESET, 2L)
                .containsEntry(FailureKind.TIMEOUT, 0L);
        assertThat(r.totalFailures()).isEqualTo(2);
        assertThat(r.latencyPercentileMicros(99)).isZero();
    }

    @Test
    void openLoopScheduleSpreadsConnectionsEvenly() {
        LoadSpec spec = LoadSpec.of(TargetKind.ECHO_RAW, "127.0.0.1", 7007).withConnections(4).withRate(1_000);
        RunPlan plan = new RunPlan(spec, new java.net.InetSocketAddress("127.0.0.1", 7007), 0);
        // 1,000 req/s over 4 connections: one request every 1 ms in turn, each connection every 4 ms
        assertThat(plan.intended(0, 0)).isZero();
        assertThat(plan.intended(1, 0)).isEqualTo(1_000_000);
        assertThat(plan.intended(3, 0)).isEqualTo(3_000_000);
        assertThat(plan.intended(0, 1)).isEqualTo(4_000_000);
        assertThat(plan.intended(2, 250)).isEqualTo(1_002_000_000);
    }

    @Test
    void requestCountRunsHandOutExactlyThatManyCountedTickets() {
        LoadSpec spec = LoadSpec.of(TargetKind.ECHO_RAW, "127.0.0.1", 7007).withRequests(3)
                .withWarmup(Duration.ofSeconds(1));
        RunPlan plan = new RunPlan(spec, new java.net.InetSocketAddress("127.0.0.1", 7007), 0);
        assertThat(plan.take(10)).isEqualTo(RunPlan.UNCOUNTED); // warm-up: free, not counted
        long after = Duration.ofSeconds(1).toNanos();
        assertThat(new int[] {plan.take(after), plan.take(after), plan.take(after), plan.take(after)})
                .containsExactly(RunPlan.COUNTED, RunPlan.COUNTED, RunPlan.COUNTED, RunPlan.STOP);
    }
}
