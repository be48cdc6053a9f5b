package io.wharf.balance;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One backend's live state: its spec, whether it is up (health checks and passive failures decide), whether
 * it was removed by a reload (draining: no new connections, existing ones finish), and its counters.
 *
 * <p>Threading: safe from any thread; every field is atomic or volatile. {@code rrCurrent} belongs to
 * {@link RoundRobin}, under its lock.
 */
public final class Backend {

    /** What health checks say; a backend starts up, so a balancer without checks serves at once. */
    public enum State { UP, DOWN }

    private volatile BackendSpec spec;
    private volatile State state = State.UP;
    private volatile boolean removed;
    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder total = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder transitions = new LongAdder();
    /** Consecutive failed connects of clients (passive checks); reset by a good one. */
    private final AtomicInteger failedInARow = new AtomicInteger();
    /** Sessions reset after their connect, with no session ended cleanly since (a connect does not clear it). */
    private final AtomicInteger resetInARow = new AtomicInteger();
    /** When the backend last came up (for the slow start), in nanos. */
    private volatile long upSinceNanos;
    /** The slow start of its last recovery; 0 for none. */
    private volatile long slowStartNanos;
    private final AtomicLong lastCheckMicros = new AtomicLong(-1);
    /** The sessions forwarding to it now, for {@code on_down = shutdown_sessions}. */
    final java.util.Set<ProxySession> sessions = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Round-robin's running weight; guarded by the RoundRobin's lock. */
    long rrCurrent;

    Backend(BackendSpec spec) {
        this.spec = spec;
    }

    public BackendSpec spec() {
        return spec;
    }

    /** A reload changed only the weight. */
    void spec(BackendSpec spec) {
        this.spec = spec;
    }

    public String name() {
        return spec.name();
    }

    /**
     * The weight the algorithms use: the configured one, except during a slow start after recovering, when it
     * grows from 1 to the configured one.
     */
    public int weight() {
        int w = spec.weight();
        long ramp = slowStartNanos;
        if (ramp > 0) {
            long elapsed = System.nanoTime() - upSinceNanos;
            if (elapsed < ramp) {
                return (int) Math.max(1, w * elapsed / ramp);
            }
        }
        return w;
    }

    public State state() {
        return state;
    }

    /** Marks it up again after a recovery, its weight ramping up over {@code slowStartNanos}. */
    boolean up(long slowStartNanos) {
        this.slowStartNanos = slowStartNanos;
        return state(State.UP);
    }

    /** Sets the state; true if that changed it. */
    boolean state(State s) {
        if (state == s) {
            return false;
        }
        state = s;
        transitions.increment();
        if (s == State.UP) {
            upSinceNanos = System.nanoTime();
        }
        failedInARow.set(0);
        resetInARow.set(0);
        return true;
    }

    /** Up and still configured: may be given new connections. */
    public boolean available() {
        return state == State.UP && !removed;
    }

    public boolean removed() {
        return removed;
    }

    void remove() {
        removed = true;
    }

    public int active() {
        return active.get();
    }

    /** A connection to it is being made or open. */
    void connecting() {
        active.incrementAndGet();
        total.increment();
    }

    /** That connection ended (or never got made). */
    void released() {
        active.decrementAndGet();
    }

    public long total() {
        return total.sum();
    }

    /** A client's connect failed; returns how many failed in a row. */
    int connectFailed() {
        connectFailures.increment();
        return failedInARow.incrementAndGet();
    }

    void connectSucceeded() {
        failedInARow.set(0);
    }

    /** A session's connection was reset after its connect; returns how many were in a row. */
    int resetAfterConnect() {
        connectFailures.increment();
        return resetInARow.incrementAndGet();
    }

    /** A session ended without a reset: the resets in a row start over. */
    void sessionEnded() {
        resetInARow.set(0);
    }

    public long connectFailures() {
        return connectFailures.sum();
    }

    public long transitions() {
        return transitions.sum();
    }

    /** Latency of the last health check in microseconds; -1 before the first or after a failed one. */
    public long lastCheckMicros() {
        return lastCheckMicros.get();
    }

    void lastCheckMicros(long micros) {
        lastCheckMicros.set(micros);
    }

    @Override
    public String toString() {
        return spec.name();
    }
}
