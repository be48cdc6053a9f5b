package io.wharf.load;

import io.wharf.load.LoadConnection.State;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One load thread: a {@link Selector} over its share of the connections, each keeping one request in flight.
 * A reply's completion starts the next request in the same callback (closed loop) or when the schedule says
 * (open loop, driven by a cursor that visits the connections in the order their turns come). Interest stays on
 * reading while a keep-alive connection is busy, so a closed loop makes no epoll_ctl call per request. Timeouts and
 * reconnects are handled by a sweep every {@link #SWEEP_NANOS}. A staged run's curve of connections parks and
 * wakes connections in the same sweep; think time keeps a finished connection idle in a queue that is in time
 * order by construction (every wait is the same length), and churn closes a connection after every N replies.
 *
 * <p>Threading: {@link #run()} runs on one thread; {@link #tally()} may be read after it has been joined (its
 * volatile counters at any time, as {@link #open()}). The hot loop allocates nothing: one read buffer, one reused ready-key
 * consumer; sockets and their keys are made only when connecting.
 */
final class Worker implements Runnable {

    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int READ_BUFFER = 64 * 1024;
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
    private volatile int open;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final boolean keepAlive;
    private Selector selector;
    private int finished;
    private int connecting;
    private int cursor;
    private long round;
    private long endedAt;
    private IOException failure;

    Worker(RunPlan plan, List<LoadConnection> connections) {
        this.plan = plan;
        this.connections = connections.toArray(LoadConnection[]::new);
        this.keepAlive = plan.spec.keepAlive();
        this.tally = new Tally(plan.intervals);
    }

    @Override
    public void run() {
        try (Selector s = Selector.open()) {
            selector = s;
            for (LoadConnection c : connections) {
                long now = System.nanoTime();
                if (!plan.active(c.id, now)) {
                    c.state = State.PARKED;
                } else if (!keepAlive) {
                    next(c, now);
                } else if (connecting < MAX_CONNECTING) {
                    connect(c, now);
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
                close(c);
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
            long millis = (wake - now + 999_999) / 1_000_000; // round up: waking early would only spin
            if (millis <= 0) {
                selector.selectNow(onReady);
            } else {
                selector.select(onReady, millis);
            }
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
                        fail(c, FailureKind.TIMEOUT, now);
                    }
                }
                case WRITING, READING -> {
                    if (now - c.sentAt > plan.timeoutNanos) {
                        fail(c, FailureKind.TIMEOUT, now);
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
                    } else if (now >= c.retryAt && connecting < MAX_CONNECTING) {
                        if (keepAlive) {
                            connect(c, now);
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
    private void next(LoadConnection c, long now) {
        long origin = now;
        if (plan.openLoop()) {
            long due = plan.intended(c.id, c.scheduled);
            if (due > now) {
                idle(c);
                return;
            }
            origin = due;
        } else if (!plan.active(c.id, now)) {
            close(c); // ramped down: k6's idle VU, without its socket
            c.state = State.PARKED;
            return;
        }
        int grant = plan.take(now);
        if (grant == RunPlan.STOP) {
            close(c);
            c.state = State.FINISHED;
            finished++;
            return;
        }
        c.scheduled++;
        c.grant = grant;
        c.startedAt = origin;
        if (c.channel == null) {
            c.pending = true; // without keep-alive the connect is part of the request's latency
            connect(c, now);
        } else {
            send(c, now);
        }
    }

    private void idle(LoadConnection c) {
        if (c.channel != null) {
            c.state = State.READY;
            c.key.interestOps(0); // bytes nobody asked for wait in the kernel until a request is out
        } else {
            c.state = State.FREE;
        }
    }

    private void connect(LoadConnection c, long now) {
        c.connectStartedAt = now;
        FailureKind failed = Connector.connect(selector, plan.address, plan.sources, c);
        if (failed != null) {
            fail(c, failed, now);
            return;
        }
        c.state = State.CONNECTING;
        connecting++;
        if (c.channel.isConnected()) {
            connected(c, now);
        }
    }

    private void connected(LoadConnection c, long now) {
        if (!secured(c, now)) {
            return;
        }
        connecting--;
        c.counted = true;
        open++; // single writer; the sampler only reads it
        tally.connected(now - c.connectStartedAt);
        if (plan.measuring(now)) {
            tally.connectsMeasured++;
        }
        c.exchange.onConnected();
        if (c.pending) {
            c.pending = false;
            send(c, now);
        } else {
            next(c, now);
        }
    }

    /** The TLS handshake, when there is one: true once done; a failed one fails the connect. */
    private boolean secured(LoadConnection c, long now) {
        try {
            return c.secured(plan.spec.tls(), plan.spec.host(), plan.address.getPort());
        } catch (IOException e) {
            FailureKind kind = Failures.ofTransfer(e);
            if (tally.wantsExample()) {
                tally.example(kind, "TLS handshake: " + e.getMessage());
            }
            fail(c, kind, now);
            return false;
        }
    }

    private void send(LoadConnection c, long now) {
        c.request = c.exchange.nextRequest();
        c.sends++;
        c.sentAt = now;
        c.state = State.WRITING;
        write(c, now);
    }

    private void write(LoadConnection c, long now) {
        try {
            int n = c.write(c.request);
            if (plan.measuring(now)) {
                tally.bytesSent += n;
            }
        } catch (IOException e) {
            fail(c, Failures.ofTransfer(e), now);
            return;
        }
        if (c.request.hasRemaining() || c.writePending()) {
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE); // read too: an echo may come back early
        } else {
            c.state = State.READING;
            c.key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void onReady(SelectionKey key) {
        LoadConnection c = (LoadConnection) key.attachment();
        if (!key.isValid() || c.key != key) {
            return;
        }
        long now = System.nanoTime();
        int ready = key.readyOps();
        if (c.state == State.CONNECTING) {
            if ((ready & SelectionKey.OP_CONNECT) != 0) {
                finishConnect(c, now);
            } else {
                connected(c, now); // the TLS handshake goes on
            }
            return;
        }
        if ((ready & SelectionKey.OP_WRITE) != 0 && c.state == State.WRITING) {
            write(c, now);
        }
        if ((ready & SelectionKey.OP_READ) != 0 && c.key == key && c.inFlight()) {
            read(c, now);
        }
    }

    private void finishConnect(LoadConnection c, long now) {
        try {
            c.channel.finishConnect();
        } catch (IOException e) {
            fail(c, Failures.ofConnect(e), now);
            return;
        }
        connected(c, now);
    }

    private void read(LoadConnection c, long now) {
        SelectionKey key = c.key;
        do {
            readOnce(c, now);
        } while (c.key == key && c.inFlight() && c.readBuffered());
    }

    private void readOnce(LoadConnection c, long now) {
        ByteBuffer in = readBuffer.clear();
        int n;
        try {
            n = c.read(in);
        } catch (IOException e) {
            fail(c, Failures.ofTransfer(e), now);
            return;
        }
        if (n < 0) {
            if (c.state == State.READING && c.exchange.completesAtClose()) {
                complete(c, Exchange.Reply.COMPLETE_CLOSE, now);
            } else {
                fail(c, FailureKind.CLOSED, now);
            }
            return;
        }
        if (n == 0) {
            return; // TLS: a record not yet whole, or one that held no data (a session ticket)
        }
        if (plan.measuring(now)) {
            tally.bytesReceived += n;
        }
        in.flip();
        Exchange.Reply reply = c.exchange.onReply(in);
        switch (reply) {
            case INCOMPLETE -> { }
            case COMPLETE, COMPLETE_CLOSE -> {
                if (in.hasRemaining() || c.state == State.WRITING) {
                    if (tally.wantsExample()) {
                        tally.example(FailureKind.WRONG_REPLY, "more than was asked for: " + FailureExample.quote(in));
                    }
                    fail(c, FailureKind.WRONG_REPLY, now);
                } else {
                    complete(c, reply, now);
                }
            }
            case WRONG_REPLY -> failReply(c, FailureKind.WRONG_REPLY, in, now);
            case PROTOCOL_ERROR -> failReply(c, FailureKind.PROTOCOL_ERROR, in, now);
        }
    }

    private void complete(LoadConnection c, Exchange.Reply reply, long now) {
        c.completions++;
        if (plan.counts(c.grant, now)) {
            tally.success(now - c.startedAt);
        } else {
            tally.unmeasured(now - c.startedAt);
        }
        boolean churn = plan.churnEvery > 0 && c.completions % plan.churnEvery == 0;
        if (reply == Exchange.Reply.COMPLETE_CLOSE || !keepAlive || churn) {
            close(c);
            c.state = State.FREE;
        } else {
            c.state = State.READY;
        }
        if (plan.thinkNanos > 0) {
            c.retryAt = now + plan.thinkNanos;
            idle(c);
            thinking.addLast(c);
        } else {
            next(c, now);
        }
    }

    /** A reply judged wrong: keeps what it said (while the report wants examples), then fails. */
    private void failReply(LoadConnection c, FailureKind kind, ByteBuffer in, long now) {
        if (tally.wantsExample()) {
            String said = c.exchange.describeReply();
            tally.example(kind, said.isEmpty() ? FailureExample.quote(in) : said);
        }
        fail(c, kind, now);
    }

    /** Counts the failure, drops the socket and retries after a pause, so a dead server is not hammered. */
    private void fail(LoadConnection c, FailureKind kind, long now) {
        if (c.state == State.CONNECTING) {
            connecting--;
        }
        tally.failure(kind);
        close(c);
        c.pending = false;
        c.state = State.BACKOFF;
        c.retryAt = now + RETRY_NANOS;
    }

    /** Closes the connection's socket, keeping the count of open connections. */
    private void close(LoadConnection c) {
        if (c.counted) {
            c.counted = false;
            open--;
        }
        c.closeChannel();
    }

    /** Connections open now (connected and not yet closed); any thread. */
    int open() {
        return open;
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
