package io.wharf.core.model.process;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code process} model's gauges: live children against the cap, children started and crashed, and the
 * start-up cost of a child (spawn to {@link ConnectionChild#READY}), the price this model pays per connection.
 * Threading: safe from any thread.
 */
final class ChildCounters {

    private final AtomicInteger live = new AtomicInteger();
    private final LongAdder started = new LongAdder();
    private final LongAdder crashed = new LongAdder();
    private final LongAdder ready = new LongAdder();
    private final LongAdder startupMicrosTotal = new LongAdder();
    private final AtomicLong startupMicrosLast = new AtomicLong();
    private final LongAccumulator startupMicrosMax = new LongAccumulator(Math::max, 0);
    private volatile int max;

    ChildCounters(int max) {
        this.max = max;
    }

    void max(int max) {
        this.max = max;
    }

    int max() {
        return max;
    }

    /** Takes a slot for a new child; false when {@code max_children} are alive. */
    boolean tryStart() {
        for (;;) {
            int n = live.get();
            if (n >= max) {
                return false;
            }
            if (live.compareAndSet(n, n + 1)) {
                started.increment();
                return true;
            }
        }
    }

    void exited(boolean crash) {
        live.decrementAndGet();
        if (crash) {
            crashed.increment();
        }
    }

    void ready(long startupNanos) {
        long micros = startupNanos / 1000;
        ready.increment();
        startupMicrosTotal.add(micros);
        startupMicrosLast.set(micros);
        startupMicrosMax.accumulate(micros);
    }

    Map<String, Long> gauges() {
        long n = ready.sum();
        return Map.of("children_live", (long) live.get(), "children_max", (long) max,
                "children_started", started.sum(), "children_crashed", crashed.sum(),
                "child_startup_ms_last", startupMicrosLast.get() / 1000,
                "child_startup_ms_avg", n == 0 ? 0 : startupMicrosTotal.sum() / n / 1000,
                "child_startup_ms_max", startupMicrosMax.get() / 1000);
    }
}
