package io.wharf.load;

import io.wharf.load.LoadConnection.State;
import java.io.IOException;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One load thread: a {@link Selector} over its share of the connections, each keeping one request in flight, and
 * when each sends: its {@link WorkerIo} does the socket side. A reply's completion starts the next request in the
 * same callback (closed loop) or when the schedule says (open loop, driven by a cursor that visits the connections
 * in the order their turns come). Timeouts and reconnects are handled by a sweep every {@link #SWEEP_NANOS}. A staged run's curve of connections parks and
 * wakes connections in the same sweep; think time keeps a finished connection idle in a queue that is in time
 * order by construction (every wait is the same length), and churn closes a connection after every N replies.
 *
 * <p>Threading: {@link #run()} runs on one thread; {@link #tally()} may be read after it has been joined (its
 * volatile counters at any time, as {@link #open()}). The hot loop allocates nothing; sockets and their keys are
 * made only when connecting.
 */
final class Worker implements Runnable, WorkerIo.Turns {

    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * Connects in progress at once, per thread. Ten thousand SYNs in one burst overflow a server's accept queue,
     * and the dropped ones come back a second or more later, which would measure the burst, not the server.
     */
    static final int MAX_CONNECTING = 256;

    private final RunPlan plan;
    private final LoadConnection[] connections;
    private final Tally tally;
    /** Connections in their think time, earliest first (all waits are equally long). */
    private final ArrayDeque<LoadConnection> thinking = new ArrayDeque<>();
    private final WorkerIo io;
    private final boolean keepAlive;
    private int finished;
    private int cursor;
    private long round;
    private long endedAt;
    private IOException failure;

    Worker(RunPlan plan, List<LoadConnection> connections) {
        this.plan = plan;
        this.connections = connections.toArray(LoadConnection[]::new);
        this.keepAlive = plan.spec.keepAlive();
        this.tally = new Tally(plan.intervals);
        this.io = new WorkerIo(plan, tally, this);
    }

    @Override
    public void run() {
        try (Selector s = Selector.open()) {
            io.attach(s);
            for (LoadConnection c : connections) {
                long now = System.nanoTime();
                if (!plan.active(c.id, now)) {
                    c.state = State.PARKED;
                } else if (!keepAlive) {
                    next(c, now);
                } else if (io.connecting() < MAX_CONNECTING) {
                    io.connect(c, now);
                } else {
                    c.state = State.BACKOFF; // waits for a connect slot; not a failure
                    c.retryAt = now;
                }
            }
            loop();
            endedAt = System.nanoTime();
            for (LoadConnection c : connections) {
                if (c.inFlight() && c.sends == 1) {
                    tally.failure(FailureKind.TIMEOUT); // its first request, unanswered all run: not a quiet absentee
                }
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            for (LoadConnection c : connections) {
                io.close(c);
            }
        }
    }

    private void loop() throws IOException {
        long now = System.nanoTime();
        long nextSweep = now + SWEEP_NANOS;
        long nextDue = plan.openLoop() ? fireSchedule(now) : Long.MAX_VALUE;
        while (now < plan.measureUntil && finished < connections.length) {
            long thought = thinking.isEmpty() ? Long.MAX_VALUE : thinking.peekFirst().retryAt;
            long wake = Math.min(Math.min(Math.min(nextSweep, nextDue), thought), plan.measureUntil);
            io.await(wake - now);
            now = System.nanoTime();
            if (plan.openLoop()) {
                nextDue = fireSchedule(now);
            }
            while (!thinking.isEmpty() && thinking.peekFirst().retryAt <= now) {
                LoadConnection c = thinking.pollFirst();
                if (c.state == State.READY || c.state == State.FREE) {
                    next(c, now);
                }
            }
            if (now >= nextSweep) {
                sweep(now);
                nextSweep = now + SWEEP_NANOS;
            }
        }
    }

    /** Gives every connection whose turn has come the chance to send; returns when the next turn is due. */
    private long fireSchedule(long now) {
        while (true) {
            LoadConnection c = connections[cursor];
            long due = plan.intended(c.id, round);
            if (due > now) {
                return due;
            }
            if (c.state == State.READY || c.state == State.FREE) {
                next(c, now);
            }
            if (++cursor == connections.length) {
                cursor = 0;
                round++;
            }
        }
    }

    /** Times out connects and replies, and reconnects connections whose back-off is over. */
    private void sweep(long now) {
        for (LoadConnection c : connections) {
            switch (c.state) {
                case CONNECTING -> {
                    if (now - c.connectStartedAt > plan.timeoutNanos) {
                        io.fail(c, FailureKind.TIMEOUT, now);
                    }
                }
                case WRITING, READING -> {
                    if (now - c.sentAt > plan.timeoutNanos) {
                        io.fail(c, FailureKind.TIMEOUT, now);
                    }
                }
                case PARKED -> {
                    if (plan.active(c.id, now)) {
                        c.state = State.FREE;
                        next(c, now);
                    }
                }
                case BACKOFF -> {
                    if (!plan.active(c.id, now)) {
                        c.state = State.PARKED;
                    } else if (now >= c.retryAt && io.connecting() < MAX_CONNECTING) {
                        if (keepAlive) {
                            io.connect(c, now);
                        } else {
                            c.state = State.FREE;
                            next(c, now);
                        }
                    }
                }
                default -> { }
            }
        }
    }

    /** A connection with nothing in flight: starts its next request now, later (open loop), or never. */
    @Override
    public void next(LoadConnection c, long now) {
        long origin = now;
        if (plan.openLoop()) {
            long due = plan.intended(c.id, c.scheduled);
            if (due > now) {
                io.idle(c);
                return;
            }
            origin = due;
        } else if (!plan.active(c.id, now)) {
            io.close(c); // ramped down: k6's idle VU, without its socket
            c.state = State.PARKED;
            return;
        }
        int grant = plan.take(now);
        if (grant == RunPlan.STOP) {
            io.close(c);
            c.state = State.FINISHED;
            finished++;
            return;
        }
        c.scheduled++;
        c.grant = grant;
        c.startedAt = origin;
        if (c.channel == null) {
            c.pending = true; // without keep-alive the connect is part of the request's latency
            io.connect(c, now);
        } else {
            io.send(c, now);
        }
    }

    /** A reply is in: the next request now, or after the think time. */
    @Override
    public void replied(LoadConnection c, long now) {
        if (plan.thinkNanos > 0) {
            c.retryAt = now + plan.thinkNanos;
            io.idle(c);
            thinking.addLast(c);
        } else {
            next(c, now);
        }
    }

    /** Connections open now (connected and not yet closed); any thread. */
    int open() {
        return io.open();
    }

    Tally tally() {
        return tally;
    }

    /** When the loop ended ({@link System#nanoTime()}). */
    long endedAt() {
        return endedAt;
    }

    /** The error that stopped the whole worker (its selector failed), or null. */
    IOException failure() {
        return failure;
    }
}
