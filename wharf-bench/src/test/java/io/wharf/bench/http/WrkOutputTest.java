package io.wharf.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reports captured from wrk 4.1.0 (Debian) against nginx and against small misbehaving servers. */
class WrkOutputTest {

    private static WrkResult sample(String name) throws IOException {
        try (InputStream in = WrkOutputTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return WrkOutput.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void readsACleanSmallFileRun() throws IOException {
        WrkResult r = sample("wrk-nginx-1k.txt");

        assertThat(r.requests()).isEqualTo(126_415);
        assertThat(r.seconds()).isEqualTo(3.00, within(1e-9));
        assertThat(r.requestsPerSecond()).isEqualTo(42_106.35, within(1e-6));
        assertThat(r.transferBytesPerSecond()).isEqualTo(50.76 * 1024 * 1024, within(1.0));
        assertThat(r.p50Micros()).isEqualTo(1_110, within(1e-6));
        assertThat(r.p75Micros()).isEqualTo(1_210, within(1e-6));
        assertThat(r.p90Micros()).isEqualTo(1_380, within(1e-6));
        assertThat(r.p99Micros()).isEqualTo(2_570, within(1e-6));
        assertThat(r.socketErrors()).isEqualTo(WrkResult.SocketErrors.NONE);
        assertThat(r.badStatus()).isZero();
        assertThat(r.flagged()).isFalse();
    }

    @Test
    void readsGigabytesAndFractionalSeconds() throws IOException {
        WrkResult r = sample("wrk-nginx-1m.txt");

        assertThat(r.requests()).isEqualTo(10_786);
        assertThat(r.seconds()).isEqualTo(3.08, within(1e-9));
        assertThat(r.requestsPerSecond()).isEqualTo(3_505.95, within(1e-6));
        assertThat(r.transferBytesPerSecond()).isEqualTo(3.42 * 1024 * 1024 * 1024, within(1.0));
        assertThat(r.p99Micros()).isEqualTo(22_950, within(1e-6));
        assertThat(r.flagged()).isFalse();
    }

    @Test
    void flagsNon2xxResponses() throws IOException {
        WrkResult r = sample("wrk-nginx-404.txt");

        assertThat(r.badStatus()).isEqualTo(92_108);
        assertThat(r.p50Micros()).isEqualTo(814, within(1e-6));
        assertThat(r.flagged()).isTrue();
        assertThat(r.problem()).hasValue("92108 non-2xx/3xx responses");
    }

    @Test
    void flagsSocketErrorsTogetherWithBadStatus() throws IOException {
        WrkResult r = sample("wrk-errors-and-non2xx.txt");

        assertThat(r.socketErrors()).isEqualTo(new WrkResult.SocketErrors(0, 59, 0, 0));
        assertThat(r.badStatus()).isEqualTo(12);
        assertThat(r.problem()).hasValueSatisfying(p -> assertThat(p)
                .contains("12 non-2xx/3xx responses", "socket errors (connect 0, read 59, write 0, timeout 0)"));
    }

    @Test
    void flagsARunThatCompletedNothing() throws IOException {
        WrkResult r = sample("wrk-no-requests.txt");

        assertThat(r.requests()).isZero();
        assertThat(r.requestsPerSecond()).isZero();
        assertThat(r.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("no request completed"));
    }

    @Test
    void latencyIsNaNWithoutTheDistribution() {
        String withoutLatency = """
                Running 1s test @ http://127.0.0.1:1/x
                  1 threads and 1 connections
                  10 requests in 1.00s, 1.00KB read
                Requests/sec:     10.00
                Transfer/sec:      1.00KB
                """;

        WrkResult r = WrkOutput.parse(withoutLatency);

        assertThat(r.p50Micros()).isNaN();
        assertThat(r.p99Micros()).isNaN();
        assertThat(r.transferBytesPerSecond()).isEqualTo(1024);
    }

    @Test
    void refusesWhatIsNotAReport() {
        assertThatThrownBy(() -> WrkOutput.parse("unable to connect to 127.0.0.1:18099 Connection refused\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Requests/sec")
                .hasMessageContaining("unable to connect");
        assertThatThrownBy(() -> WrkOutput.parse("")).hasMessageContaining("(no output)");
    }
}
