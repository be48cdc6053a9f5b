package io.wharf.load;

import io.wharf.load.LoadConnection.State;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The socket side of a {@link Worker}: connecting (with the TLS handshake and the exchange's opening, such as a
 * WebSocket upgrade), writing a request, reading and judging its reply, failing and closing a connection, with the
 * counts of connects in progress and connections open. When a connection is ready for its next request, or has
 * its reply, it hands it back to the worker's {@link Turns}, which decide when the next request goes out. Interest
 * stays on reading while a keep-alive connection is busy, so a closed loop makes no epoll_ctl call per request.
 *
 * <p>Threading: the worker's thread only, except {@link #open()}, which any thread may read. It allocates nothing
 * per request: one read buffer and one reused ready-key consumer.
 */
final class WorkerIo {

    /** What happens next to a connection: the worker's scheduling. */
    interface Turns {
        /** {@code c} is connected or idle with nothing in flight: its next request, now or later. */
        void next(LoadConnection c, long now);

        /** {@code c}'s reply is complete and counted; it is READY (kept) or FREE (closed). */
        void replied(LoadConnection c, long now);
    }

    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int READ_BUFFER = 64 * 1024;

    private final RunPlan plan;
    private final Tally tally;
    private final Turns turns;
    private final boolean keepAlive;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private final Consumer<SelectionKey> onReady = this::onReady;
    private Selector selector;
    private volatile int open;
    private int connecting;

    WorkerIo(RunPlan plan, Tally tally, Turns turns) {
        this.plan = plan;
        this.tally = tally;
        this.turns = turns;
        this.keepAlive = plan.spec.keepAlive();
    }

    /** The selector the worker's thread opened; before any other call but {@link #open()}. */
    void attach(Selector s) {
        selector = s;
    }

    /** Waits up to about {@code nanos} (none when 0 or less; see {@link FineWait}) and handles the keys that are ready. */
    void await(long nanos) throws IOException {
        FineWait.await(selector, onReady, nanos);
    }

    /** Connects in progress now. */
    int connecting() {
        return connecting;
    }

    /** Connections open now (connected and not yet closed); any thread. */
    int open() {
        return open;
    }

    void connect(LoadConnection c, long now) {
        c.connectStartedAt = now;
        c.opening = null;
        c.opened = false;
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

    /** Nothing in flight: a kept socket stops reading (bytes nobody asked for wait in the kernel). */
    void idle(LoadConnection c) {
        if (c.channel != null) {
            c.state = State.READY;
            c.key.interestOps(0);
        } else {
            c.state = State.FREE;
        }
    }

    void send(LoadConnection c, long now) {
        c.request = c.exchange.nextRequest();
        c.sends++;
        c.sentAt = now;
        c.state = State.WRITING;
        write(c, now);
    }

    /** Counts the failure, drops the socket and retries after a pause, so a dead server is not hammered. */
    void fail(LoadConnection c, FailureKind kind, long now) {
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
    void close(LoadConnection c) {
        if (c.counted) {
            c.counted = false;
            open--;
        }
        c.closeChannel();
    }

    private void connected(LoadConnection c, long now) {
        if (!secured(c, now) || !opened(c, now)) {
            return;
        }
        connecting--;
        c.counted = true;
        open++; // single writer; the sampler only reads it
        tally.connected(now - c.connectStartedAt);
        if (plan.measuring(now)) {
            tally.connectsMeasured++;
        }
        if (c.pending) {
            c.pending = false;
            send(c, now);
        } else {
            turns.next(c, now);
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

    /**
     * The exchange's opening, when it has one: written, then its answer read (the socket stays CONNECTING until
     * then); true once done. A wrong answer fails the connect.
     */
    private boolean opened(LoadConnection c, long now) {
        if (c.opened) {
            return true;
        }
        if (c.opening == null) {
            c.exchange.onConnected();
            c.opening = c.exchange.opening();
            if (c.opening == null) {
                c.opened = true;
                return true;
            }
        }
        try {
            if (c.opening.hasRemaining() || c.writePending()) {
                c.write(c.opening);
                if (c.opening.hasRemaining() || c.writePending()) {
                    c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return false;
                }
            }
            c.key.interestOps(SelectionKey.OP_READ);
            do {
                ByteBuffer in = readBuffer.clear();
                int n = c.read(in);
                if (n < 0) {
                    fail(c, FailureKind.CLOSED, now);
                    return false;
                }
                switch (c.exchange.onOpening(in.flip())) {
                    case INCOMPLETE -> { }
                    case COMPLETE, COMPLETE_CLOSE -> {
                        if (in.hasRemaining()) {
                            if (tally.wantsExample()) {
                                tally.example(FailureKind.WRONG_REPLY, "more than the opening's answer: "
                                        + FailureExample.quote(in));
                            }
                            fail(c, FailureKind.WRONG_REPLY, now);
                            return false;
                        }
                        c.opened = true;
                        return true;
                    }
                    case WRONG_REPLY -> {
                        failReply(c, FailureKind.WRONG_REPLY, in, now);
                        return false;
                    }
                    case PROTOCOL_ERROR -> {
                        failReply(c, FailureKind.PROTOCOL_ERROR, in, now);
                        return false;
                    }
                }
            } while (c.readBuffered());
        } catch (IOException e) {
            fail(c, Failures.ofTransfer(e), now);
        }
        return false;
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
        turns.replied(c, now);
    }

    /** A reply judged wrong: keeps what it said (while the report wants examples), then fails. */
    private void failReply(LoadConnection c, FailureKind kind, ByteBuffer in, long now) {
        if (tally.wantsExample()) {
            String said = c.exchange.describeReply();
            tally.example(kind, said.isEmpty() ? FailureExample.quote(in) : said);
        }
        fail(c, kind, now);
    }
}
