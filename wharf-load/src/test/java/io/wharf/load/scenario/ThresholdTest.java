package io.wharf.load.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** k6-style rules: each metric, unit and operator, and what a wrong one says. */
class ThresholdTest {

    @Test
    void latencyRulesKeepMicroseconds() {
        Threshold p99 = Threshold.parse("p99 < 20ms", null, 3);
        assertThat(p99.metric()).isEqualTo(Threshold.Metric.PERCENTILE);
        assertThat(p99.percentile()).isEqualTo(99.0);
        assertThat(p99.value()).isEqualTo(20_000.0);
        assertThat(p99.op()).isEqualTo(Threshold.Op.LT);
        assertThat(Threshold.parse("p99.9<=1.5s", null, 1).value()).isEqualTo(1_500_000.0);
        assertThat(Threshold.parse("max < 800us", null, 1).metric()).isEqualTo(Threshold.Metric.MAX);
        assertThat(Threshold.parse("P50 < 2ms", "steady", 1).scope()).isEqualTo("stage 'steady'");
    }

    @Test
    void errorsAreAShareOrACountAndRateIsPerSecond() {
        Threshold share = Threshold.parse("errors < 0.1%", null, 1);
        assertThat(share.percent()).isTrue();
        assertThat(share.value()).isEqualTo(0.001);
        assertThat(Threshold.parse("errors == 0", null, 1).percent()).isFalse();
        Threshold rate = Threshold.parse("rate >= 9000/s", null, 1);
        assertThat(rate.metric()).isEqualTo(Threshold.Metric.RATE);
        assertThat(rate.op().holds(9000, rate.value())).isTrue();
        assertThat(rate.op().holds(8999, rate.value())).isFalse();
    }

    @Test
    void aWrongRuleSaysWhatIsExpected() {
        assertThatThrownBy(() -> Threshold.parse("p99 under 20ms", null, 1)).hasMessageContaining("METRIC OP VALUE");
        assertThatThrownBy(() -> Threshold.parse("p99 < 20", null, 1)).hasMessageContaining("needs a unit");
        assertThatThrownBy(() -> Threshold.parse("errors < 5ms", null, 1)).hasMessageContaining("a share");
        assertThatThrownBy(() -> Threshold.parse("rate > 5ms", null, 1)).hasMessageContaining("per second");
    }
}
