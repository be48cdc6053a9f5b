package io.wharf.core.model.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where each child of a {@link SparePool} stands: the spares waiting for a connection (oldest first), those still
 * being launched, the spares that died in a row before one got ready, and the config generation and the stop that
 * decide whether a spare that lands may wait. Every change of a child's {@link Child#state} is made here.
 *
 * <p>Threading: {@code lock} guards the waiting list and each child's state; nothing here starts or stops a
 * process, so the children it hands back to be retired are retired by the caller once the lock is released.
 * {@link #claim} and {@link #takenAtLaunch} run on connection threads, {@link #ready}/{@link #exited} on the
 * children's pump and exit threads, {@link #counts} and {@link #removeReady} on the maintainer's thread;
 * {@link #launchStarted}/{@link #landed} on whichever thread starts a child.
 */
final class SpareRoster {

    /** How long a connection waits for a spare being launched when that launch holds the last child slot. */
    private static final long LAUNCH_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ChildCounters counters;
    private final ReentrantLock lock = new ReentrantLock();
    /** Children not taken yet, oldest first. */
    private final Deque<Child> waiting = new ArrayDeque<>();
    /**
     * Guarded by lock: spares whose slot is taken but whose process is still being launched, so not yet in
     * {@link #waiting}; {@link #landed} is signalled as each lands (or fails).
     */
    private int launching;
    private final Condition landed = lock.newCondition();
    private volatile int generation;
    private volatile boolean stopped;
    /** Guarded by lock: spares that died in a row without one getting ready (a child that cannot start). */
    private int failedStarts;

    SpareRoster(ChildCounters counters) {
        this.counters = counters;
    }

    /** The config generation a child started now belongs to. */
    int generation() {
        return generation;
    }

    boolean stopped() {
        return stopped;
    }

    /** New limits (SIGHUP): a new generation; the waiting spares, started with the old one, are to be retired. */
    List<Child> newGeneration() {
        lock.lock();
        try {
            generation++;
            return retireWaiting();
        } finally {
            lock.unlock();
        }
    }

    /** No spare waits from now on: the waiting ones are to be retired. */
    List<Child> stop() {
        lock.lock();
        try {
            stopped = true;
            return retireWaiting();
        } finally {
            lock.unlock();
        }
    }

    private List<Child> retireWaiting() {
        List<Child> old = new ArrayList<>(waiting);
        waiting.clear();
        old.forEach(c -> c.state = Child.State.RETIRED);
        return old;
    }

    /**
     * Takes a ready spare, else the one closest to ready, for connection {@code id}; with {@code awaitLaunch},
     * first waits (bounded) while none is waiting but one is being launched. Null when there is none. A taken
     * spare that was not ready counts as a miss ({@link Child#takenReady} says which it was).
     */
    Child claim(Relay relay, long id, boolean awaitLaunch) {
        lock.lock();
        try {
            long left = LAUNCH_WAIT_NANOS;
            while (awaitLaunch && waiting.isEmpty() && launching > 0 && left > 0) {
                try {
                    left = landed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Child c = firstReady();
            if (c == null) {
                c = waiting.peekFirst();
            }
            if (c != null) {
                waiting.remove(c);
                boolean wasReady = c.state == Child.State.READY;
                if (!wasReady) {
                    counters.missed();
                }
                c.state = Child.State.TAKEN;
                c.taken(relay, id, wasReady);
            }
            return c;
        } finally {
            lock.unlock();
        }
    }

    /** A child started for connection {@code id}, which takes it at once. */
    void takenAtLaunch(Child c, Relay relay, long id) {
        lock.lock();
        try {
            c.state = Child.State.TAKEN;
            c.taken(relay, id, false);
        } finally {
            lock.unlock();
        }
    }

    /** A spare's launch began: its slot is taken, and it is not waiting yet. */
    void launchStarted() {
        lock.lock();
        try {
            launching++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A spare's launch ended: {@code c} joins the waiting (false when it is to be retired instead: stopped, or
     * started with an old config), or null when it failed; connections waiting for a launch are woken.
     */
    boolean landed(Child c) {
        lock.lock();
        try {
            launching--;
            landed.signalAll();
            if (c == null) {
                return true;
            }
            if (stopped || c.generation() != generation) {
                c.state = Child.State.RETIRED;
                return false;
            }
            waiting.addLast(c);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** {@code c} said it is ready: true when a connection has taken it already and waited for that. */
    boolean ready(Child c) {
        lock.lock();
        try {
            failedStarts = 0;
            if (c.state == Child.State.STARTING) {
                c.state = Child.State.READY;
                return false;
            }
            return c.state == Child.State.TAKEN;
        } finally {
            lock.unlock();
        }
    }

    /** {@code c} exited: unless taken it stops waiting; a start that failed is counted. Its state before. */
    Child.State exited(Child c) {
        lock.lock();
        try {
            Child.State s = c.state;
            if (s != Child.State.TAKEN) {
                waiting.remove(c);
                c.state = Child.State.RETIRED;
            }
            if (s == Child.State.STARTING) {
                failedStarts++;
            }
            return s;
        } finally {
            lock.unlock();
        }
    }

    /** Takes one ready spare off the waiting list, to be retired (past {@code max_spare_children}); or null. */
    Child removeReady() {
        lock.lock();
        try {
            Child extra = firstReady();
            if (extra != null) {
                waiting.remove(extra);
                extra.state = Child.State.RETIRED;
            }
            return extra;
        } finally {
            lock.unlock();
        }
    }

    private Child firstReady() {
        for (Child c : waiting) {
            if (c.state == Child.State.READY) {
                return c;
            }
        }
        return null;
    }

    /** Spares that died in a row before one got ready. */
    int failedStarts() {
        lock.lock();
        try {
            return failedStarts;
        } finally {
            lock.unlock();
        }
    }

    /** {ready, starting} among the waiting. */
    int[] counts() {
        int[] n = new int[2];
        lock.lock();
        try {
            for (Child c : waiting) {
                n[c.state == Child.State.READY ? 0 : 1]++;
            }
        } finally {
            lock.unlock();
        }
        return n;
    }
}
