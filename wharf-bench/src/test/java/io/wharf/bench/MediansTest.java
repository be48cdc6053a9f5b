package io.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediansTest {

    @Test
    void oddCountTakesTheMiddle() {
        assertThat(Medians.median(30, 10, 20)).isEqualTo(20);
        assertThat(Medians.median(7)).isEqualTo(7);
    }

    @Test
    void evenCountAveragesTheMiddleTwo() {
        assertThat(Medians.median(4, 1, 3, 2)).isEqualTo(2.5);
    }

    @Test
    void oneOutlierDoesNotMoveIt() {
        assertThat(Medians.median(100, 101, 1)).isEqualTo(100);
    }

    @Test
    void noValuesOrAnUnknownOneGiveNaN() {
        assertThat(Medians.median()).isNaN();
        assertThat(Medians.median(1, Double.NaN, 3)).isNaN();
    }

    @Test
    void doesNotReorderTheCallersArray() {
        double[] values = {3, 1, 2};
        Medians.median(values);
        assertThat(values).containsExactly(3, 1, 2);
    }
}
