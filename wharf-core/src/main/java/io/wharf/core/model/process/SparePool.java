package io.wharf.core.model.process;

import io.wharf.core.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The children of a {@code process}-model listener that wait for a connection, as Apache prefork's spare
 * servers: {@code min_spare_children} to {@code max_spare_children} started ahead of demand and warmed (JVM up,
 * protocol service started, blocked on the control channel). A connection takes a ready one at once, or else
 * the one closest to ready, or else one started for it; each take wakes the {@link SpareMaintainer} (a ready
 * spare's once its connection is handed over), which starts the replacement, follows the spawn rate and stops
 * spares past {@code max_spare_children}. Everything stays under {@code max_children} and the
 * {@code max_connections} left. A spare that dies is counted and replaced; a reload retires the spares started
 * with the old settings.
 *
 * <p>Threading: the {@link SpareRoster}'s lock guards the waiting list and each child's state; processes are
 * started and stopped outside it, and the maintainer is poked after it is released. {@link #take} and
 * {@link #handedOver} run on connection threads, {@link #ready}/{@link #exited} on the children's pump and exit
 * threads, {@link #counts}, {@link #room}, {@link #spawnSpare} and {@link #retireOne} on the maintainer's thread.
 */
final class SparePool {

    private static final Logger log = LoggerFactory.getLogger(SparePool.class);
    private static final long RETIRE_GRACE_MILLIS = 5_000;

    private final String listener;
    private final ChildCounters counters;
    private final Supplier<List<String>> command;
    private final java.util.function.LongConsumer gone;
    private final SpareRoster roster;
    private final SpareMaintainer maintainer;
    private volatile int min;
    private volatile int max;
    private volatile ServerContext context;
    /** The last start of a child failed: said once, not every second. */
    private volatile boolean spawnFailing;

    /** @param gone told the pid of every child that exited, so what it held here can go */
    SparePool(String listener, ChildCounters counters, int min, int max, Supplier<List<String>> command,
              java.util.function.LongConsumer gone) {
        this.listener = listener;
        this.gone = gone;
        this.counters = counters;
        this.min = min;
        this.max = max;
        this.command = command;
        this.roster = new SpareRoster(counters);
        this.maintainer = new SpareMaintainer(this, listener, counters);
    }

    /** Starts the first {@code min_spare_children} and the maintenance thread. */
    void start(ServerContext context) {
        this.context = context;
        maintainer.start();
    }

    /** New limits (SIGHUP): the spares waiting now were started with the old config, so they are retired. */
    void reconfigure(int min, int max) {
        this.min = min;
        this.max = max;
        List<Child> old = roster.newGeneration();
        maintainer.poke();
        old.forEach(c -> c.retire(RETIRE_GRACE_MILLIS));
        if (!old.isEmpty()) {
            log.info("{}: retiring {} spare children started with the old config", listener, old.size());
        }
    }

    /**
     * A child for connection {@code id}: a ready spare if there is one, else the spare closest to ready, else a
     * new child; null when {@code max_children} are alive. A connection that got no ready spare counts as a miss
     * and its wait is timed until its child is ready.
     */
    Child take(Relay relay, long id) {
        Child c = claim(relay, id, false);
        if (c != null) {
            return c; // a ready spare's line is logged once its connection is handed over, off the client's clock
        }
        Child started = spawn(relay, id);
        if (started != null) {
            counters.missed(); // a refusal (max_children) is no wait
            return started;
        }
        // refused: the last slots may be held by spares still being launched, which this client can have
        return claim(relay, id, true);
    }

    /** {@link SpareRoster#claim}; the maintainer is poked unless a ready spare was taken. */
    private Child claim(Relay relay, long id, boolean awaitLaunch) {
        Child c = roster.claim(relay, id, awaitLaunch);
        if (c == null || !c.takenReady()) {
            maintainer.poke(); // a ready spare's replacement waits for its hand-over (handedOver)
        }
        return c;
    }

    /**
     * The connection that took a ready spare has been handed over to it (or failed to be): its replacement may
     * start now. Started at the take, that JVM's start would share the cores with the hand-over.
     */
    void handedOver() {
        maintainer.poke();
    }

    /** A child said it is ready. */
    void ready(Child c, long startupNanos) {
        counters.ready(startupNanos);
        if (!roster.ready(c)) {
            return;
        }
        long waited = System.nanoTime() - c.takenNanos();
        counters.waited(waited);
        log.info("conn#{} child pid {} ready in {}ms (no spare was ready: the client waited {}ms)",
                c.connectionId(), c.pid(), startupNanos / 1_000_000, waited / 1_000_000);
    }

    /** A child exited: a taken one ends its connection; a waiting one is counted as died and replaced. */
    void exited(Child c) {
        c.awaitLog();
        gone.accept(c.pid());
        Child.State s = roster.exited(c);
        if (s == Child.State.STARTING || s == Child.State.READY) {
            maintainer.poke();
        }
        switch (s) {
            case TAKEN -> c.relay().exited(c);
            case RETIRED -> counters.exited(false);
            case STARTING, READY -> {
                counters.exited(false);
                if (!roster.stopped()) {
                    died(c, s);
                }
            }
        }
    }

    private void died(Child c, Child.State s) {
        counters.spareDied();
        int code = c.process().exitValue();
        String why = c.lastError().isEmpty() ? "" : " (" + c.lastError() + ")";
        int streak = roster.failedStarts();
        if (streak <= 1) { // a child that cannot start at all would repeat this every second
            log.warn("{}: spare child pid {} died {} with exit code {}{}; starting another", listener, c.pid(),
                    s == Child.State.READY ? "while waiting" : "before it was ready", code, why);
        }
    }

    /** Stops starting spares and retires the waiting ones: the listener drains or closes. */
    void stop() {
        List<Child> rest = roster.stop();
        maintainer.wakeUp();
        rest.forEach(c -> c.retire(RETIRE_GRACE_MILLIS));
    }

    /** {@link #stop}, then waits for the maintenance thread. */
    void close() {
        stop();
        maintainer.join();
    }

    Map<String, Long> gauges() {
        int[] n = counts();
        Map<String, Long> g = new HashMap<>();
        g.put("spares_idle", (long) n[0]);
        g.put("spares_starting", (long) n[1]);
        g.put("spares_min", (long) min);
        g.put("spares_max", (long) max);
        return g;
    }

    /** Stops one ready spare: there are more than {@code max_spare_children}. */
    void retireOne() {
        Child extra = roster.removeReady();
        if (extra != null) {
            extra.retire(RETIRE_GRACE_MILLIS);
        }
    }

    /** Spares that died in a row before one got ready. */
    int failedStarts() {
        return roster.failedStarts();
    }

    /** {ready, starting} among the waiting. */
    int[] counts() {
        return roster.counts();
    }

    /** How many more spares may start: under {@code max_children}, and no more than connections may come. */
    int room(int waitingNow) {
        ServerContext c = context;
        int byChildren = counters.max() - counters.live();
        int byConnections = c == null ? byChildren
                : c.limits().maxConnections() - c.connections().size() - waitingNow;
        return Math.max(0, Math.min(byChildren, byConnections));
    }

    /** Starts a spare. */
    void spawnSpare() {
        spawn(null, 0);
    }

    boolean stopped() {
        return roster.stopped();
    }

    int min() {
        return min;
    }

    int max() {
        return max;
    }

    /** Starts a child: a spare when {@code relay} is null, else taken by that connection at once. */
    private Child spawn(Relay relay, long id) {
        if (!counters.tryStart(relay == null)) {
            return null;
        }
        if (relay == null) {
            roster.launchStarted();
        }
        Child c;
        try {
            c = Child.spawn(new ProcessBuilder(command.get()), roster.generation(), this);
        } catch (IOException | RuntimeException e) {
            counters.notStarted();
            if (relay == null) {
                roster.landed(null);
            }
            if (!spawnFailing) { // once until one starts again: the maintenance retries every second
                log.error("{}: cannot start a child process: {}", listener, e.getMessage());
            }
            spawnFailing = true;
            if (relay != null) {
                throw new IllegalStateException("cannot start a child process: " + e.getMessage(), e);
            }
            return null;
        }
        spawnFailing = false;
        boolean retire = false;
        if (relay != null) {
            roster.takenAtLaunch(c, relay, id);
        } else {
            retire = !roster.landed(c);
        }
        c.watchExit(this);
        if (retire) {
            c.retire(RETIRE_GRACE_MILLIS);
        }
        return c;
    }
}
