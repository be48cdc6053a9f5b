package io.wharf.bench.http;

import static io.wharf.bench.http.HttpGoalsTest.EVENT;
import static io.wharf.bench.http.HttpGoalsTest.field;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpReportTest {

    @Test
    void csvHasEveryRunThenTheMedianWithRatios() {
        List<String> csv = HttpReport.csv(field(36_000, 1, 2_700));

        assertThat(csv.get(0)).isEqualTo("target,file,round,requests_per_s,transfer_bytes_per_s,p50_ms,p75_ms,p90_ms,"
                + "p99_ms,requests,socket_errors,non_2xx_3xx,flagged,server_cpu_cores,vs_nginx,vs_jetty,note");
        assertThat(csv).contains(
                "nginx,1k.bin,2,50000.0,51200000,0.500,0.600,0.700,0.900,500000,0,0,false,0.90,,,",
                "nginx,1k.bin,median,45000.0,46080000,0.500,,,0.900,,,,,0.90,1.000,1.500,",
                "wharf-event,1k.bin,median,36000.0,36864000,0.500,,,0.900,,,,,0.90,0.800,1.200,");
        int columns = csv.get(0).split(",", -1).length;
        assertThat(csv).allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(columns));
    }

    @Test
    void aTargetWithoutNumbersShowsWhyInTableAndCsv() {
        List<HttpSummary> s = new ArrayList<>(field(36_000, 1, 2_700));
        s.replaceAll(x -> x.target().equals(EVENT) ? new HttpSummary(EVENT, x.file(), List.of(),
                List.of("round 1: wharf-event server exited with code 2: Unknown option, '--root'")) : x);

        assertThat(HttpReport.table(s)).contains(
                "wharf-event                   - no clean run: 1 run(s) failed: round 1: wharf-event server exited with code 2");
        assertThat(HttpReport.csv(s)).contains("wharf-event,1k.bin,median" + ",".repeat(14)
                + "1 run(s) failed: round 1: wharf-event server exited with code 2: Unknown option; '--root'");
    }

    @Test
    void tableShowsRatiosToEachPeer() {
        String table = HttpReport.table(field(36_000, 1, 2_700));

        assertThat(table).contains("1 KiB (GET /1k.bin)", "1 MiB (GET /1m.bin)", "wharf's best model here: event");
        assertThat(table).containsPattern("wharf-event +36,000 .* 1/1 +0\\.80x +1\\.20x");
        assertThat(table).containsPattern("nginx +45,000 .* 3/3 +1\\.00x +1\\.50x");
    }

    @Test
    void aTracedTargetIsComparedWithTheSameModelUntracedAndNeverCountsAsWharfsBest() {
        List<HttpSummary> s = new ArrayList<>(field(36_000, 1, 2_700));
        s.add(HttpGoalsTest.summary(EVENT.traced("1"), BenchFile.SMALL, 40_000)); // faster, yet not "best"
        s.add(HttpGoalsTest.summary(EVENT.traced("0"), BenchFile.SMALL, 18_000));

        assertThat(HttpReport.tracingCost(s)).isEqualTo("""
                tracing: wharf-event+trace1 on 1 KiB: 1.11x requests/s of tracing off's, 0.90x its server CPU per request
                tracing: wharf-event+trace0 on 1 KiB: 0.50x requests/s of tracing off's, 2.00x its server CPU per request
                """);
        assertThat(HttpGoals.bestWharf(s, BenchFile.SMALL).orElseThrow().target()).isEqualTo(EVENT);
        assertThat(HttpReport.tracingCost(field(36_000, 1, 2_700))).isEmpty();
    }

    @Test
    void bytesUseBinaryUnits() {
        assertThat(HttpReport.bytes(512)).isEqualTo("512.0 B");
        assertThat(HttpReport.bytes(1.5 * 1024 * 1024)).isEqualTo("1.5 MiB");
        assertThat(HttpReport.bytes(Double.NaN)).isEqualTo("-");
    }
}
