package io.wharf.http.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.core.stats.ClusterStats;
import io.wharf.core.stats.ServerStats;
import io.wharf.core.stats.StatsSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under prefork, {@code /stats} and {@code /metrics} of whichever worker answers are the whole server's (issue 12,
 * item 2: the 200-counter read 12, 8, 9, 10, 13, 11 over six scrapes).
 */
class WholeServerTest {

    private static final StatsSnapshot TOTAL = new StatsSnapshot("event", Instant.parse("2026-12-01T08:00:00Z"), 9,
            20, 3, 1, 4000, 8000, 0, Map.of());

    @Test
    void countersExportAndImportEveryNumber() {
        HttpCounters c = new HttpCounters();
        c.record("GET", 200, "a.example.org", 1000, 2_000_000);
        c.record("HEAD", 404, "b.test", 100, 20_000_000);
        HttpCounters back = HttpCounters.of(c.export());
        assertThat(back.export()).isEqualTo(c.export());
        assertThat(back.byHost()).containsEntry("a.example.org", 1L);
        assertThat(back.requests()).isEqualTo(2);
    }

    @Test
    void aWorkersStatsAndMetricsShowTheClusterNotItsOwnCounts() throws Exception {
        ServerStats stats = new ServerStats();
        HttpCounters own = new HttpCounters();
        own.record("GET", 200, "", 10, 1000); // this worker served one of the twenty
        stats.connectionOpened();
        Map<String, Long> summed = new TreeMap<>();
        HttpCounters all = new HttpCounters();
        for (int i = 0; i < 20; i++) {
            all.record("GET", 200, "", 10, 1000);
        }
        summed.putAll(all.export());
        stats.cluster(() -> Optional.of(new ClusterStats(TOTAL, summed, Map.of("worker-1-pid-1", stats.snapshot()))));

        JsonNode json = new ObjectMapper().readTree(new HealthAndStats(stats, own).stats());
        assertThat(json.get("total_connections").asLong()).isEqualTo(20);
        assertThat(json.get("bytes_in").asLong()).isEqualTo(4000);
        assertThat(json.at("/http/requests").asLong()).isEqualTo(20);
        assertThat(json.at("/http/by_status/2xx").asLong()).isEqualTo(20);
        assertThat(json.at("/workers/worker-1-pid-1/total_connections").asLong()).isEqualTo(1);

        assertThat(new HttpMetrics(stats, own).scrape()).contains(
                "wharf_http_requests_total{method=\"GET\",status=\"200\"} 20.0",
                "wharf_connections_total 20.0");
    }
}
