package io.wharf.cli;

import io.wharf.core.stats.ServerStats;
import io.wharf.core.stats.StatsSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code --stats-interval N}: logs a one-line stats summary every N seconds. Threading: its own daemon
 * thread; {@link #every} may be called from any thread (reload).
 */
final class StatsTicker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("wharf.stats");

    private final Supplier<StatsSnapshot> stats;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wharf-stats");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> task;

    StatsTicker(ServerStats stats) {
        this(stats::snapshot);
    }

    /** For stats that are not one server's: the prefork master's sum over its workers. */
    StatsTicker(Supplier<StatsSnapshot> stats) {
        this.stats = stats;
    }

    synchronized void every(Duration interval) {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        if (!interval.isZero() && !interval.isNegative()) {
            long ms = interval.toMillis();
            task = timer.scheduleAtFixedRate(() -> log.info("stats {}", stats.get().summaryLine()),
                    ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
    }
}
