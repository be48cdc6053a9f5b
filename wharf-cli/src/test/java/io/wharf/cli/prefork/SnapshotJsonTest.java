package io.wharf.cli.prefork;

import io.wharf.core.stats.StatsSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The master/worker messages survive the trip, and exit codes read as people say them. */
class SnapshotJsonTest {

    private static final StatsSnapshot S = new StatsSnapshot("event", Instant.parse("2026-11-26T08:00:00Z"), 12, 30,
            2, 1, 4096, 8192, 3, Map.of("loop_iterations", 77L));

    @Test
    void workersMessageRoundTrips() {
        String line = SnapshotJson.workers(Map.of("worker-1-pid-42", S));
        assertThat(line).doesNotContain("\n");
        assertThat(SnapshotJson.parseWorkers(line)).isEqualTo(Map.of("worker-1-pid-42", S));
    }

    @Test
    void statsMessageCarriesTheSnapshot() throws Exception {
        assertThat(SnapshotJson.decode(SnapshotJson.JSON.readTree(SnapshotJson.stats(S)).get("stats"))).isEqualTo(S);
    }

    @Test
    void otherLinesAreNoWorkersMessage() {
        assertThat(SnapshotJson.parseWorkers(SnapshotJson.STOP_ACCEPTING)).isEmpty();
        assertThat(SnapshotJson.parseWorkers("not json")).isEmpty();
    }

    @Test
    void exitCodesNameTheSignal() {
        assertThat(PreforkMaster.describe(137)).isEqualTo("killed by SIGKILL (exit code 137)");
        assertThat(PreforkMaster.describe(2)).isEqualTo("exit code 2");
    }
}
