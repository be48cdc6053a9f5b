package io.wharf.core.model.process;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code process} model's gauges: live children against the cap (spares included), children started and
 * crashed, the start-up cost of a child (spawn to {@link ConnectionChild#READY}), and the spares: started ahead
 * of demand, died while waiting, the hand-over to a ready one, and the connections that found none ready and
 * waited for a child's start.
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
    private final LongAdder sparesStarted = new LongAdder();
    private final LongAdder sparesDied = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder waitMicrosTotal = new LongAdder();
    private final LongAccumulator waitMicrosMax = new LongAccumulator(Math::max, 0);
    private final AtomicLong handoffMicrosLast = new AtomicLong();
    private final LongAccumulator handoffMicrosMax = new LongAccumulator(Math::max, 0);
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

    int live() {
        return live.get();
    }

    /** Takes a slot for a new child; false when {@code max_children} are alive. */
    boolean tryStart(boolean spare) {
        for (;;) {
            int n = live.get();
            if (n >= max) {
                return false;
            }
            if (live.compareAndSet(n, n + 1)) {
                started.increment();
                if (spare) {
                    sparesStarted.increment();
                }
                return true;
            }
        }
    }

    /** Gives back the slot of a child that could not even be started. */
    void notStarted() {
        live.decrementAndGet();
    }

    void exited(boolean crash) {
        live.decrementAndGet();
        if (crash) {
            crashed.increment();
        }
    }

    void spareDied() {
        sparesDied.increment();
    }

    /** A connection found no spare ready: it waits for a child's start. */
    void missed() {
        misses.increment();
    }

    long misses() {
        return misses.sum();
    }

    /** How long a connection that {@link #missed} waited for its child to be ready. */
    void waited(long nanos) {
        long micros = nanos / 1000;
        waitMicrosTotal.add(micros);
        waitMicrosMax.accumulate(micros);
    }

    /** A connection that took a ready spare: from its open here to its socket (or assignment) sent to it. */
    void handedOver(long nanos) {
        long micros = nanos / 1000;
        handoffMicrosLast.set(micros);
        handoffMicrosMax.accumulate(micros);
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
        Map<String, Long> g = new HashMap<>();
        g.put("children_live", (long) live.get());
        g.put("children_max", (long) max);
        g.put("children_started", started.sum());
        g.put("children_crashed", crashed.sum());
        g.put("child_startup_ms_last", startupMicrosLast.get() / 1000);
        g.put("child_startup_ms_avg", n == 0 ? 0 : startupMicrosTotal.sum() / n / 1000);
        g.put("child_startup_ms_max", startupMicrosMax.get() / 1000);
        g.put("spare_handoff_us_last", handoffMicrosLast.get());
        g.put("spare_handoff_us_max", handoffMicrosMax.get());
        g.put("spares_started", sparesStarted.sum());
        g.put("spares_died", sparesDied.sum());
        g.put("spare_misses", misses.sum());
        g.put("spare_wait_ms_total", waitMicrosTotal.sum() / 1000);
        g.put("spare_wait_ms_max", waitMicrosMax.get() / 1000);
        return g;
    }
}
