package io.wharf.cli.prefork;

import io.wharf.core.stats.ClusterStats;
import io.wharf.core.stats.StatsSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The master's count of the whole server: sums over workers, and survives workers leaving (issue 12, item 3). */
class TallyTest {

    private static StatsSnapshot s(long total, long active, long in) {
        return new StatsSnapshot("event", Instant.parse("2026-11-26T08:00:00Z"), 1, total, active, 0, in, in * 2, 0,
                Map.of());
    }

    private static Map<String, Tally.Report> web(long total, long active, long ok) {
        return Map.of("web", new Tally.Report(s(total, active, total * 100), Map.of("http.status.GET.200", ok)));
    }

    @Test
    void theClusterIsTheSumOverWorkersWithEachWorkerBesides() {
        Tally t = new Tally();
        t.report("worker-1-pid-10", web(4, 1, 12));
        t.report("worker-2-pid-11", web(6, 2, 8));
        ClusterStats web = t.cluster().get("web");
        assertThat(web.total().totalConnections()).isEqualTo(10);
        assertThat(web.total().activeConnections()).isEqualTo(3);
        assertThat(web.total().bytesIn()).isEqualTo(1000);
        assertThat(web.counters()).containsEntry("http.status.GET.200", 20L);
        assertThat(web.workers()).containsOnlyKeys("worker-1-pid-10", "worker-2-pid-11");
    }

    @Test
    void aWorkerThatExitsKeepsItsCountsSoAReloadDoesNotResetTheTotals() {
        Tally t = new Tally();
        t.report("worker-1-pid-10", web(10, 2, 10));
        t.exited("worker-1-pid-10"); // SIGHUP: generation 1 retires...
        t.report("worker-1-pid-20", web(0, 0, 0)); // ...generation 2 starts from zero
        ClusterStats web = t.cluster().get("web");
        assertThat(web.total().totalConnections()).isEqualTo(10);
        assertThat(web.total().bytesIn()).isEqualTo(1000);
        assertThat(web.total().activeConnections()).as("a retired worker holds no connection").isZero();
        assertThat(web.counters()).containsEntry("http.status.GET.200", 10L);
        assertThat(web.workers()).containsOnlyKeys("worker-1-pid-20");
        t.report("worker-1-pid-20", web(3, 1, 3));
        t.exited("worker-1-pid-20");
        assertThat(t.total().totalConnections()).isEqualTo(13);
        t.exited("worker-1-pid-20"); // twice is once
        assertThat(t.total().totalConnections()).isEqualTo(13);
    }
}
