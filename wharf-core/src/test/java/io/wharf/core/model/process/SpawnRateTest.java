package io.wharf.core.model.process;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Apache prefork's spare maintenance, a second at a time: top-ups, the doubling under misses, and the caps. */
class SpawnRateTest {

    @Test
    void aQuietSecondOnlyTopsUpToTheMinimumCountingThoseStarting() {
        SpawnRate r = new SpawnRate();
        assertThat(r.tick(0, 0, 0, 2, 8, 100)).isEqualTo(2); // the first spares
        assertThat(r.tick(0, 2, 0, 2, 8, 100)).isZero();     // starting: they count, nothing more
        assertThat(r.tick(1, 0, 0, 2, 8, 100)).isEqualTo(1); // one taken and not replaced yet
        assertThat(r.rate()).isEqualTo(1);
    }

    @Test
    void whileConnectionsMissTheRateDoublesEachSecondUpToApachesLimit() {
        SpawnRate r = new SpawnRate();
        List<Integer> started = new ArrayList<>();
        for (int second = 0; second < 8; second++) {
            started.add(r.tick(0, 0, 5, 0, 4096, 4096)); // every second, clients found no spare ready
        }
        assertThat(started).containsExactly(1, 2, 4, 8, 16, 32, 32, 32);
        assertThat(r.tick(3, 0, 0, 2, 4096, 4096)).isZero(); // a quiet second: back to 1
        assertThat(r.tick(0, 0, 1, 0, 4096, 4096)).isEqualTo(1);
    }

    @Test
    void aBusySecondStartsAtLeastWhatTheMinimumLacks() {
        SpawnRate r = new SpawnRate();
        assertThat(r.tick(0, 1, 3, 6, 8, 100)).isEqualTo(5);
    }

    @Test
    void maxSpareChildrenAndTheRoomLeftCapEverySecond() {
        SpawnRate r = new SpawnRate();
        for (int i = 0; i < 5; i++) {
            r.tick(0, 0, 1, 0, 100, 100); // rate 32
        }
        assertThat(r.tick(1, 5, 1, 2, 8, 100)).as("8 waiting at most").isEqualTo(2);
        assertThat(r.tick(0, 0, 1, 2, 8, 3)).as("max_children / max_connections left").isEqualTo(3);
        assertThat(r.tick(2, 7, 1, 2, 8, 100)).as("already past max_spare_children").isZero();
        assertThat(r.tick(0, 0, 1, 2, 8, 0)).as("no room").isZero();
    }
}
