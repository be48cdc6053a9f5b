package io.wharf.core.spi;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two holders of one key share one object, made once and released by the last to let go. */
class SharedStateTest {

    @Test
    void theFirstCreatesTheLastReleases() {
        AtomicInteger made = new AtomicInteger();
        List<Object> released = new ArrayList<>();
        SharedState.Lease<StringBuilder> a = SharedState.acquire("test:one", StringBuilder.class,
                () -> new StringBuilder("made " + made.incrementAndGet()), released::add);
        SharedState.Lease<StringBuilder> b = SharedState.acquire("test:one", StringBuilder.class,
                () -> new StringBuilder("made " + made.incrementAndGet()), released::add);
        assertThat(b.value()).isSameAs(a.value());
        assertThat(made).hasValue(1);
        a.close();
        a.close(); // twice is once
        assertThat(released).isEmpty();
        b.close();
        assertThat(released).containsExactly(b.value());
        SharedState.Lease<StringBuilder> c = SharedState.acquire("test:one", StringBuilder.class,
                () -> new StringBuilder("made " + made.incrementAndGet()), released::add);
        assertThat(c.value()).hasToString("made 2");
        c.close();
    }

    @Test
    void aKeyHoldingAnotherTypeIsRefusedWithoutTakingAHold() {
        List<Object> released = new ArrayList<>();
        SharedState.Lease<String> s = SharedState.acquire("test:typed", String.class, () -> "text", released::add);
        assertThatThrownBy(() -> SharedState.acquire("test:typed", Integer.class, () -> 1, x -> { }))
                .isInstanceOf(ClassCastException.class);
        s.close();
        assertThat(released).containsExactly("text");
    }
}
