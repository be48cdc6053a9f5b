package io.wharf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The staged timetable: when request n is due under a ramped rate, and how many connections work when. */
class LoadCurveTest {

    private static final long S = 1_000_000_000L;

    @Test
    void aConstantRateKeepsThePlainTimetable() {
        LoadCurve c = new LoadCurve(LoadCurve.Mode.RATE, List.of(new LoadCurve.Stage("a", 2 * S, 100, 100)));
        assertThat(c.timeOf(0)).isZero();
        assertThat(c.timeOf(50)).isEqualTo(S / 2);
        assertThat(c.timeOf(199)).isEqualTo(1_990_000_000L);
        assertThat(c.timeOf(200)).isEqualTo(Long.MAX_VALUE); // the curve ends before the 201st
    }

    @Test
    void aRampFromZeroDuesRequestsAtTheRootOfItsIntegral() {
        // 0 -> 100/s over 2 s: N(t) = 25 t^2, so request n is due at sqrt(n / 25); 100 in all
        LoadCurve c = new LoadCurve(LoadCurve.Mode.RATE, List.of(new LoadCurve.Stage("up", 2 * S, 0, 100)));
        assertThat(c.timeOf(25) / 1e9).isCloseTo(1.0, within(1e-6));
        assertThat(c.timeOf(64) / 1e9).isCloseTo(1.6, within(1e-6));
        assertThat(c.timeOf(100)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aRampDownAndLaterStagesFollowOn() {
        // 100 -> 0 over 2 s holds 100 requests: N(t) = 100 t - 25 t^2; then 50/s for 1 s
        LoadCurve c = new LoadCurve(LoadCurve.Mode.RATE, List.of(new LoadCurve.Stage("down", 2 * S, 100, 0),
                new LoadCurve.Stage("flat", S, 50, 50)));
        assertThat(c.timeOf(75) / 1e9).isCloseTo(1.0, within(1e-6));
        assertThat(c.timeOf(100) / 1e9).isCloseTo(2.0, within(1e-6));
        assertThat(c.timeOf(125) / 1e9).isCloseTo(2.5, within(1e-6));
        for (long n = 1; n < 150; n++) {
            assertThat(c.timeOf(n)).isGreaterThanOrEqualTo(c.timeOf(n - 1));
        }
    }

    @Test
    void connectionsRampLinearlyAndStagesAreFoundByTime() {
        LoadCurve c = new LoadCurve(LoadCurve.Mode.CONNECTIONS, List.of(new LoadCurve.Stage("up", 10 * S, 0, 100),
                new LoadCurve.Stage("hold", 5 * S, 100, 100)));
        assertThat(c.connectionsAt(0)).isZero();
        assertThat(c.connectionsAt(5 * S)).isEqualTo(50);
        assertThat(c.connectionsAt(12 * S)).isEqualTo(100);
        assertThat(c.connectionsAt(15 * S)).isZero();
        assertThat(c.stageAt(9 * S)).isZero();
        assertThat(c.stageAt(10 * S)).isEqualTo(1);
        assertThat(c.peak()).isEqualTo(100);
    }
}
