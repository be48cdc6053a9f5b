package io.wharf.cli.prefork;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.stats.ClusterStats;
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
    void clusterMessageRoundTrips() {
        ClusterStats c = new ClusterStats(S, Map.of("http.requests", 7L, "http.status.GET.200", 6L),
                Map.of("worker-1-pid-42", S));
        String line = SnapshotJson.cluster(Map.of("web", c));
        assertThat(line).doesNotContain("\n");
        assertThat(SnapshotJson.parseCluster(line)).isEqualTo(Map.of("web", c));
    }

    @Test
    void statsMessageCarriesEachListenerAndTheirSum() throws Exception {
        Map<String, Tally.Report> each = Map.of("web", new Tally.Report(S, Map.of("http.requests", 3L)));
        JsonNode n = SnapshotJson.JSON.readTree(SnapshotJson.stats(each));
        assertThat(SnapshotJson.decode(n.get("stats"))).isEqualTo(S);
        assertThat(SnapshotJson.parseListeners(n)).isEqualTo(each);
    }

    @Test
    void otherLinesAreNoClusterMessage() {
        assertThat(SnapshotJson.parseCluster(SnapshotJson.STOP_ACCEPTING)).isEmpty();
        assertThat(SnapshotJson.parseCluster("not json")).isEmpty();
    }

    @Test
    void exitCodesNameTheSignal() {
        assertThat(PreforkMaster.describe(137)).isEqualTo("killed by SIGKILL (exit code 137)");
        assertThat(PreforkMaster.describe(2)).isEqualTo("exit code 2");
    }
}
