package io.wharf.bench.http;

import static io.wharf.bench.http.HttpGoalsTest.EVENT;
import static io.wharf.bench.http.HttpGoalsTest.flaggedWrk;
import static io.wharf.bench.http.HttpGoalsTest.wrk;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HttpSummaryTest {

    private static HttpRun run(int round, WrkResult wrk) {
        return new HttpRun(EVENT, BenchFile.SMALL, round, wrk, 0.5 + round / 10.0);
    }

    @Test
    void mediansLeaveFlaggedRunsOut() {
        HttpSummary s = new HttpSummary(EVENT, BenchFile.SMALL,
                List.of(run(1, wrk(100)), run(2, flaggedWrk(1_000_000)), run(3, wrk(300))), List.of());

        assertThat(s.cleanRuns()).hasSize(2);
        assertThat(s.flaggedRuns()).isEqualTo(1);
        assertThat(s.requestsPerSecond()).isEqualTo(200);
        assertThat(s.serverCpuCores()).isEqualTo(0.7);
        assertThat(s.note()).isEqualTo("1 run(s) flagged and left out: socket errors (connect 0, read 3, write 0, timeout 0)");
    }

    @Test
    void failuresAndFlagsBothShowInTheNote() {
        HttpSummary s = new HttpSummary(EVENT, BenchFile.SMALL, List.of(run(2, flaggedWrk(5))),
                List.of("round 1: server exited with code 2", "round 3: server exited with code 2"));

        assertThat(s.measured()).isFalse();
        assertThat(s.requestsPerSecond()).isNaN();
        assertThat(s.note()).isEqualTo("2 run(s) failed: round 1: server exited with code 2; "
                + "1 run(s) flagged and left out: socket errors (connect 0, read 3, write 0, timeout 0)");
    }

    @Test
    void aCleanSummaryHasNoNote() {
        HttpSummary s = new HttpSummary(EVENT, BenchFile.SMALL, List.of(run(1, wrk(100))), List.of());

        assertThat(s.measured()).isTrue();
        assertThat(s.note()).isEmpty();
    }
}
