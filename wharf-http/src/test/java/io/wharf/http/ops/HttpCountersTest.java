package io.wharf.http.ops;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HttpCountersTest {

    @Test
    void countsByStatusClassMethodAndHost() {
        HttpCounters c = new HttpCounters();
        c.record("GET", 200, "example.org", 100, 1_000);
        c.record("GET", 200, "Example.ORG", 50, 1_000);
        c.record("HEAD", 304, "example.org", 10, 1_000);
        c.record("GET", 404, "", 20, 1_000);
        c.record("BREW", 501, "other.test", 30, 1_000);
        c.record("GET", 999, "", 0, 1_000);
        assertThat(c.requests()).isEqualTo(6);
        assertThat(c.bytesSent()).isEqualTo(210);
        assertThat(c.byStatusClass()).containsExactly(
                java.util.Map.entry("1xx", 0L), java.util.Map.entry("2xx", 2L), java.util.Map.entry("3xx", 1L),
                java.util.Map.entry("4xx", 1L), java.util.Map.entry("5xx", 2L));
        assertThat(c.byHost()).containsOnly(java.util.Map.entry("example.org", 3L), java.util.Map.entry("other.test", 1L));
        List<String> seen = new ArrayList<>();
        c.forEachMethodStatus((m, s, n) -> seen.add(m + " " + s + " " + n));
        assertThat(seen).containsExactly("GET 200 2", "GET 404 1", "GET 500 1", "HEAD 304 1", "OTHER 501 1");
    }

    @Test
    void hostsAreCappedSoClientsCannotGrowTheMap() {
        HttpCounters c = new HttpCounters();
        for (int i = 0; i < 1000; i++) {
            c.record("GET", 200, "h" + i + ".test", 0, 0);
        }
        assertThat(c.byHost()).hasSize(HttpCounters.MAX_HOSTS + 1);
        assertThat(c.byHost().get(HttpCounters.OTHER_HOST)).isEqualTo(1000 - HttpCounters.MAX_HOSTS);
    }

    @Test
    void durationsFallIntoTheirBuckets() {
        HttpCounters c = new HttpCounters();
        c.record("GET", 200, "", 0, 50_000);          // 50 us -> le 0.0001
        c.record("GET", 200, "", 0, 100_000);         // exactly 0.0001 -> le 0.0001
        c.record("GET", 200, "", 0, 100_001);         // -> le 0.00025
        c.record("GET", 200, "", 0, 3_000_000_000L);  // 3 s -> le 5
        c.record("GET", 200, "", 0, 60_000_000_000L); // 60 s -> +Inf
        HttpCounters.DurationSnapshot d = c.durations();
        assertThat(d.count()).isEqualTo(5);
        assertThat(d.counts()).hasSize(HttpCounters.DURATION_BOUNDS.length + 1);
        assertThat(d.counts()[0]).isEqualTo(2);
        assertThat(d.counts()[1]).isEqualTo(1);
        assertThat(d.counts()[HttpCounters.DURATION_BOUNDS.length - 2]).isEqualTo(1);
        assertThat(d.counts()[HttpCounters.DURATION_BOUNDS.length]).isEqualTo(1);
        assertThat(d.sumSeconds()).isCloseTo(63.000250001, org.assertj.core.data.Offset.offset(1e-9));
    }
}
