package io.wharf.balance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Decides whether each backend is up: active checks every {@code check_interval} ({@link HealthProbe}, each on
 * a virtual thread, at most one in flight per backend), and passive ones, the failed connects of clients.
 * {@code fall} failures in a row mark a backend down, {@code rise} good checks in a row bring it back (with
 * the slow start). Every transition is logged and counted on the {@link Backend}.
 *
 * <p>Threading: one timer thread schedules the rounds; results arrive on the probes' threads and passive
 * failures on any thread, so the per-backend counters are updated under the monitor of its {@link Progress}
 * (a tiny object, never held across I/O, so a virtual thread holding it never pins for long).
 */
final class HealthChecker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("wharf.balance");

    private final String listener;
    private final BackendPool pool;
    private final Consumer<Backend> onDown;
    private final Map<Backend, Progress> progress = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile HealthSettings settings;
    private volatile boolean closed;

    /** Good and bad results in a row, and whether a probe is out. */
    private static final class Progress {
        int good;
        int bad;
        boolean inFlight;
    }

    HealthChecker(String listener, BackendPool pool, HealthSettings settings, Consumer<Backend> onDown) {
        this.listener = listener;
        this.pool = pool;
        this.settings = settings;
        this.onDown = onDown;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wharf-balance-check-" + listener);
            t.setDaemon(true);
            return t;
        });
        timer.execute(this::round);
    }

    void settings(HealthSettings s) {
        settings = s;
    }

    HealthSettings settings() {
        return settings;
    }

    private void round() {
        if (closed) {
            return;
        }
        HealthSettings s = settings;
        if (s.enabled()) {
            for (Backend b : pool.current()) {
                Progress p = progress.computeIfAbsent(b, k -> new Progress());
                synchronized (p) {
                    if (p.inFlight) {
                        continue; // a hung backend: its probe times out by itself
                    }
                    p.inFlight = true;
                }
                Thread.ofVirtual().name("wharf-balance-probe").start(() -> probe(b, p, s));
            }
        }
        progress.keySet().retainAll(pool.current());
        long next = s.enabled() ? s.interval().toMillis() : 1000; // checks off: look again for a reload
        try {
            timer.schedule(this::round, Math.max(10, next), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void probe(Backend b, Progress p, HealthSettings s) {
        long t0 = System.nanoTime();
        String why = HealthProbe.run(s, b.spec().address());
        long micros = (System.nanoTime() - t0) / 1000;
        synchronized (p) {
            p.inFlight = false;
        }
        if (!closed) {
            result(b, p, why, micros);
        }
    }

    private void result(Backend b, Progress p, String why, long micros) {
        HealthSettings s = settings;
        boolean down = false;
        boolean up = false;
        synchronized (p) {
            if (why == null) {
                p.bad = 0;
                p.good++;
                b.lastCheckMicros(micros);
                up = b.state() == Backend.State.DOWN && p.good >= s.rise();
            } else {
                p.good = 0;
                p.bad++;
                b.lastCheckMicros(-1);
                down = b.state() == Backend.State.UP && p.bad >= s.fall();
            }
        }
        if (up && b.up(s.slowStart().toNanos())) {
            log.info("[listener.{}] backend {} is UP: {} good check(s) in a row ({}us){}", listener, b.name(),
                    s.rise(), micros, s.slowStart().isZero() ? "" : ", slow start " + s.slowStart().toMillis() + "ms");
        } else if (down) {
            markDown(b, s.check() + " check failed " + s.fall() + " time(s) in a row: " + why);
        }
    }

    /** A client's connect to {@code b} failed: counts toward {@code fall} when checks can bring it back. */
    void connectFailed(Backend b, String why) {
        passiveFailure(b, b.connectFailed(), "client connect(s) failed", why);
    }

    /**
     * A session's connection to {@code b} was reset after its connect (a backend dying under its clients): counts
     * toward {@code fall} as well, however many connects succeed meanwhile, until a session ends cleanly.
     */
    void resetAfterConnect(Backend b, String why) {
        passiveFailure(b, b.resetAfterConnect(), "session(s) reset", why);
    }

    private void passiveFailure(Backend b, int inARow, String what, String why) {
        HealthSettings s = settings;
        if (s.enabled() && inARow >= s.fall() && b.state() == Backend.State.UP) {
            markDown(b, inARow + " " + what + " in a row: " + why);
        }
    }

    private void markDown(Backend b, String why) {
        Progress p = progress.computeIfAbsent(b, k -> new Progress());
        synchronized (p) {
            p.good = 0;
        }
        if (b.state(Backend.State.DOWN)) {
            long up = pool.current().stream().filter(Backend::available).count();
            log.warn("[listener.{}] backend {} is DOWN: {} ({} backend(s) left up)", listener, b.name(), why, up);
            onDown.accept(b);
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }
}
