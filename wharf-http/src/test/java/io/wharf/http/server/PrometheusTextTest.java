package io.wharf.http.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exposition checker the admin tests rely on rejects what it should. */
class PrometheusTextTest {

    private static final String GOOD = """
            # HELP a_total A.
            # TYPE a_total counter
            a_total{listener="echo",protocol="echo"} 1.0
            # TYPE h_seconds histogram
            h_seconds_bucket{le="+Inf"} 3
            h_seconds_count 3
            h_seconds_sum 0.024
            """;

    @Test
    void acceptsTheFormat() {
        assertThatCode(() -> PrometheusText.check(GOOD)).doesNotThrowAnyException();
    }

    @Test
    void rejectsBadLines() {
        assertThatThrownBy(() -> PrometheusText.check(GOOD + "b 1.0\n")).hasMessageContaining("no TYPEd family");
        assertThatThrownBy(() -> PrometheusText.check(GOOD + "a_total{listener=\"echo\",protocol=\"echo\"} 2\n"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> PrometheusText.check(GOOD + "a_total{listener=echo} 1\n"))
                .hasMessageContaining("not exposition format");
        assertThatThrownBy(() -> PrometheusText.check(GOOD + "a_total 1 2 3\n"))
                .hasMessageContaining("not exposition format");
        assertThatThrownBy(() -> PrometheusText.check(GOOD.strip())).hasMessageContaining("newline");
    }
}
