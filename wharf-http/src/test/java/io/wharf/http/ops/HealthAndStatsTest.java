package io.wharf.http.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.core.stats.ServerStats;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HealthAndStatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> fields(JsonNode n) {
        return n.properties().stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void health() throws Exception {
        ServerStats stats = new ServerStats();
        stats.connectionOpened();
        stats.connectionOpened();
        JsonNode h = JSON.readTree(new HealthAndStats(stats, new HttpCounters()).health());
        assertThat(fields(h)).containsExactly("status", "uptime", "connections");
        assertThat(h.get("status").asText()).isEqualTo("ok");
        assertThat(h.get("uptime").isIntegralNumber()).isTrue();
        assertThat(h.get("uptime").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(h.get("connections").asLong()).isEqualTo(2);
    }

    @Test
    void statsHoldTheCoreSnapshotAndTheHttpCounters() throws Exception {
        ServerStats stats = new ServerStats();
        stats.model("reactor", () -> Map.of("loop_iterations", 42L));
        stats.connectionOpened();
        stats.connectionRefused();
        stats.closed(io.wharf.core.spi.CloseReason.REFUSED_MAX_CONNECTIONS);
        stats.closed(io.wharf.core.spi.CloseReason.HEADER_TIMEOUT);
        stats.closed(io.wharf.core.spi.CloseReason.HEADER_TIMEOUT);
        stats.bytesIn(300);
        stats.bytesOut(700);
        HttpCounters counters = new HttpCounters();
        counters.record("GET", 200, "a.test", 600, 0);
        counters.record("GET", 404, "b.test", 100, 0);

        JsonNode s = JSON.readTree(new HealthAndStats(stats, counters).stats());
        java.util.List<String> expected = new java.util.ArrayList<>(java.util.List.of("model", "started",
                "uptime_seconds", "total_connections", "active_connections", "refused_connections", "bytes_in",
                "bytes_out", "errors", "model_gauges", "closed_by_reason", "lingering_connections", "http"));
        if (io.wharf.tracing.Tracing.processStats().isPresent()) {
            expected.add("tracing"); // the process's: another test in this JVM had tracing on
        }
        assertThat(fields(s)).containsExactlyElementsOf(expected);
        JsonNode closed = s.get("closed_by_reason");
        assertThat(closed.get("header_timeout").asLong()).isEqualTo(2);
        assertThat(closed.get("refused_max_connections").asLong()).isEqualTo(1);
        assertThat(closed.get("idle_timeout").asLong()).isZero(); // every reason is there, zeros included
        assertThat(s.get("lingering_connections").asLong()).isZero();
        assertThat(s.get("model").asText()).isEqualTo("reactor");
        assertThat(Instant.parse(s.get("started").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(s.get("active_connections").asLong()).isEqualTo(1);
        assertThat(s.get("refused_connections").asLong()).isEqualTo(1);
        assertThat(s.get("bytes_in").asLong()).isEqualTo(300);
        assertThat(s.get("bytes_out").asLong()).isEqualTo(700);
        assertThat(s.get("model_gauges").get("loop_iterations").asLong()).isEqualTo(42);
        JsonNode http = s.get("http");
        assertThat(fields(http)).containsExactly("requests", "by_status", "bytes_sent", "by_host");
        assertThat(http.get("requests").asLong()).isEqualTo(2);
        assertThat(fields(http.get("by_status"))).containsExactly("1xx", "2xx", "3xx", "4xx", "5xx");
        assertThat(http.get("by_status").get("2xx").asLong()).isEqualTo(1);
        assertThat(http.get("by_status").get("4xx").asLong()).isEqualTo(1);
        assertThat(http.get("bytes_sent").asLong()).isEqualTo(700);
        assertThat(http.get("by_host").get("a.test").asLong()).isEqualTo(1);
        assertThat(http.get("by_host").get("b.test").asLong()).isEqualTo(1);
    }
}
