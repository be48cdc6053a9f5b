package io.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.load.FailureExample;
import io.wharf.load.FailureKind;
import io.wharf.load.LoadReport;
import io.wharf.load.LoadSpec;
import io.wharf.load.TargetKind;
import io.wharf.load.cli.ReportJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The bench reads {@code wharf load --json} as it is written: snake_case, lower-case failure kinds. */
class WharfLoadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void failuresComeWithTheReportsExample() throws Exception {
        assertThat(WharfLoad.failureNote(JSON.readTree("{\"total_failures\": 0, \"failure_examples\": []}")))
                .isEmpty();
        assertThat(WharfLoad.failureNote(JSON.readTree("{\"total_failures\": 22, \"failure_examples\": "
                + "[{\"kind\": \"wrong_reply\", \"reply\": \"status 404\"}]}")))
                .isEqualTo("  (22 failed, e.g. wrong reply: status 404)");
        assertThat(WharfLoad.failureNote(JSON.readTree("{\"total_failures\": 3}"))).isEqualTo("  (3 failed)");
    }

    /** Read from what the load command really writes, so a renamed key breaks here, not in a bench run. */
    @Test
    void readsTheLoadCommandsOwnJson() throws Exception {
        LoadReport report = new LoadReport(LoadSpec.of(TargetKind.HTTP, "127.0.0.1", 8080), 10,
                Map.of(FailureKind.WRONG_REPLY, 22L), 0, 0, Duration.ofSeconds(1), new Histogram(3),
                new Histogram(3), 2, List.of(new FailureExample(FailureKind.WRONG_REPLY, "status 404")));
        JsonNode json = JSON.readTree(ReportJson.render(report));
        assertThat(WharfLoad.failureNote(json)).isEqualTo("  (22 failed, e.g. wrong reply: status 404)");
        assertThat(json.path("requests_per_second").asDouble()).isEqualTo(10.0);
        assertThat(json.path("latency_us").has("p99")).isTrue();
    }
}
