package io.wharf.chat.domain;

import io.wharf.chat.domain.FloodGate.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FloodGateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstPassesThenOneWarningThenDropsThenADisconnect() {
        FloodGate gate = new FloodGate(5, 10, 0);
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            verdicts.add(gate.check(0));
        }
        assertThat(verdicts.subList(0, 10)).containsOnly(Verdict.PASS);
        assertThat(verdicts.get(10)).isEqualTo(Verdict.WARN);
        assertThat(verdicts.subList(11, 20)).containsOnly(Verdict.DROP);
        assertThat(verdicts.get(20)).as("the 11th line past the bucket").isEqualTo(Verdict.DISCONNECT);
    }

    @Test
    void sendingAtTheRateNeverTrips() {
        FloodGate gate = new FloodGate(5, 10, 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(gate.check(i * SECOND / 5)).as("line %d", i).isEqualTo(Verdict.PASS);
        }
    }

    @Test
    void aPauseLongEnoughToRefillEndsTheEpisode() {
        FloodGate gate = new FloodGate(5, 10, 0);
        for (int i = 0; i < 10; i++) {
            gate.check(0);
        }
        assertThat(gate.check(0)).isEqualTo(Verdict.WARN);
        assertThat(gate.check(2 * SECOND)).as("refilled: a new episode").isEqualTo(Verdict.PASS);
        for (int i = 0; i < 9; i++) {
            assertThat(gate.check(2 * SECOND)).isEqualTo(Verdict.PASS);
        }
        assertThat(gate.check(2 * SECOND)).as("warned again, not cut off").isEqualTo(Verdict.WARN);
    }

    @Test
    void keepingAboveTheRateIsCutOffEventually() {
        FloodGate gate = new FloodGate(5, 10, 0);
        Verdict last = Verdict.PASS;
        long t = 0;
        for (int i = 0; i < 1000 && last != Verdict.DISCONNECT; i++) {
            t += SECOND / 7;
            last = gate.check(t);
        }
        assertThat(last).isEqualTo(Verdict.DISCONNECT);
    }

    @Test
    void rateAndBurstAreAtLeastOne() {
        assertThatThrownBy(() -> new FloodGate(0, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FloodGate(5, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
