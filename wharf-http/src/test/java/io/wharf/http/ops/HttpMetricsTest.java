package io.wharf.http.ops;

import io.wharf.core.stats.ServerStats;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HttpMetricsTest {

    @Test
    void exposesRequestsDurationsBytesAndConnections() throws Exception {
        ServerStats stats = new ServerStats();
        HttpCounters counters = new HttpCounters();
        HttpMetrics metrics = new HttpMetrics(stats, counters);
        stats.connectionOpened();
        stats.connectionOpened();
        stats.connectionOpened();
        stats.connectionClosed();
        stats.connectionRefused();
        counters.record("GET", 200, "a.test", 1000, 2_000_000);     // 2 ms
        counters.record("GET", 200, "a.test", 500, 2_000_000);
        counters.record("HEAD", 404, "a.test", 100, 20_000_000);   // 20 ms

        String text = metrics.scrape();
        assertThat(text).contains(
                "# TYPE wharf_http_requests_total counter",
                "wharf_http_requests_total{method=\"GET\",status=\"200\"} 2.0",
                "wharf_http_requests_total{method=\"HEAD\",status=\"404\"} 1.0",
                "# TYPE wharf_http_request_duration_seconds histogram",
                "wharf_http_request_duration_seconds_bucket{le=\"0.001\"} 0",
                "wharf_http_request_duration_seconds_bucket{le=\"0.0025\"} 2",
                "wharf_http_request_duration_seconds_bucket{le=\"0.025\"} 3",
                "wharf_http_request_duration_seconds_bucket{le=\"+Inf\"} 3",
                "wharf_http_request_duration_seconds_count 3",
                "wharf_http_request_duration_seconds_sum 0.024",
                "# TYPE wharf_http_sent_bytes_total counter",
                "wharf_http_sent_bytes_total 1600.0",
                "# TYPE wharf_connections_active gauge",
                "wharf_connections_active 2.0",
                "# TYPE wharf_connections_refused_total counter",
                "wharf_connections_refused_total 1.0");

        // Callbacks: a later scrape sees later numbers.
        stats.connectionClosed();
        counters.record("GET", 200, "a.test", 1, 0);
        assertThat(metrics.scrape()).contains("wharf_connections_active 1.0",
                "wharf_http_requests_total{method=\"GET\",status=\"200\"} 3.0");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.writeTo(out);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("wharf_http_sent_bytes_total 1601.0");
        assertThat(HttpMetrics.CONTENT_TYPE).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    }

    @Test
    void eachServerHasItsOwnRegistry() {
        HttpCounters a = new HttpCounters();
        HttpMetrics ma = new HttpMetrics(new ServerStats(), a);
        HttpMetrics mb = new HttpMetrics(new ServerStats(), new HttpCounters());
        a.record("GET", 200, "", 10, 0);
        assertThat(ma.scrape()).contains("wharf_http_sent_bytes_total 10.0");
        assertThat(mb.scrape()).contains("wharf_http_sent_bytes_total 0.0")
                .doesNotContain("wharf_http_requests_total{");
        assertThat(ma.registry()).isNotSameAs(mb.registry());
    }
}
