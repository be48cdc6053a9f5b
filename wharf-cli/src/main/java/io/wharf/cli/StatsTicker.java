package io.wharf.cli;

import io.wharf.core.stats.StatsSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code --stats-interval N}: logs a one-line stats summary per listener every N seconds. Threading: its own daemon
 * thread; {@link #every} may be called from any thread (reload).
 */
final class StatsTicker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("wharf.stats");

    private final Supplier<Map<String, StatsSnapshot>> stats;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wharf-stats");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> task;

    /** @param stats each listener's, by name, read at every tick (listeners come and go) */
    StatsTicker(Supplier<Map<String, StatsSnapshot>> stats) {
        this.stats = stats;
    }

    synchronized void every(Duration interval) {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        if (!interval.isZero() && !interval.isNegative()) {
            long ms = interval.toMillis();
            task = timer.scheduleAtFixedRate(this::tick, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        stats.get().forEach((name, s) -> log.info("stats listener={} {}", name, s.summaryLine()));
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
    }
}
