package io.wharf.load;

import static io.wharf.load.SequenceTracker.Arrival.DUPLICATE;
import static io.wharf.load.SequenceTracker.Arrival.IN_ORDER;
import static io.wharf.load.SequenceTracker.Arrival.LATE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

    @Test
    void inOrderGapsLateAndDuplicatesPerSender() {
        SequenceTracker t = new SequenceTracker(2);
        assertThat(t.accept(0, 0)).isEqualTo(IN_ORDER);
        assertThat(t.accept(0, 1)).isEqualTo(IN_ORDER);
        assertThat(t.accept(0, 1)).isEqualTo(DUPLICATE);
        assertThat(t.accept(0, 4)).isEqualTo(IN_ORDER); // past a gap: 2 and 3 may come late
        assertThat(t.accept(0, 3)).isEqualTo(LATE);
        assertThat(t.accept(0, 3)).isEqualTo(DUPLICATE);
        assertThat(t.accept(0, 2)).isEqualTo(LATE);
        assertThat(t.accept(0, 0)).isEqualTo(DUPLICATE);
        assertThat(t.accept(1, 0)).isEqualTo(IN_ORDER); // another sender has its own sequence
    }

    @Test
    void aJumpPastTheWindowForgetsWhatCameBefore() {
        SequenceTracker t = new SequenceTracker(1);
        t.accept(0, 0);
        assertThat(t.accept(0, 1000)).isEqualTo(IN_ORDER);
        assertThat(t.accept(0, 999)).isEqualTo(LATE);
        assertThat(t.accept(0, 1000 - SequenceTracker.WINDOW - 1)).isEqualTo(LATE);
    }

    @Test
    void measuredMessagesAreCountedPerSender() {
        SequenceTracker t = new SequenceTracker(3);
        t.measured(2);
        t.measured(2);
        assertThat(t.measuredFrom(2)).isEqualTo(2);
        assertThat(t.measuredFrom(0)).isZero();
    }
}
