package io.wharf.load;

import io.wharf.load.ChatClient.State;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One chat load thread: a {@link Selector} over its share of the clients. It connects them (at most
 * {@link Worker#MAX_CONNECTING} at once, like the request/reply worker), has each leave the default room, take its
 * nick and join its room, and waits until the server says it is in; a failed attempt is retried until sending
 * starts. What goes over the connection is the run's {@link ChatWire}'s: lines, or JSON over a WebSocket. Once the
 * coordinator opens the {@link ChatPlan.Window}, a cursor walks the clients in the order their turns come and
 * sends each message when due; whatever arrives is judged by its {@link ChatReceiver}. A client that fails after
 * that is out of the run.
 *
 * <p>Threading: {@link #run()} runs on one thread; the volatile counters ({@link Tally}'s two and
 * {@link #expected()}) may be read at any time, everything else after the thread has been joined.
 */
final class ChatWorker implements Runnable {

    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int READ_BUFFER = 64 * 1024;

    private final ChatPlan plan;
    private final ChatClient[] clients;
    private final Tally tally;
    private final ChatWire wire;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final ChatReceiver receiver;
    private final int maxMessage;
    private Selector selector;
    private ChatPlan.Window window;
    private int connecting;
    private int alive;
    private int cursor;
    private long round;
    private boolean sendingOver;
    private volatile long expected;
    private IOException failure;

    ChatWorker(ChatPlan plan, ChatWire wire, List<ChatClient> clients) {
        this.plan = plan;
        this.wire = wire;
        this.clients = clients.toArray(ChatClient[]::new);
        this.alive = this.clients.length;
        this.maxMessage = wire.maxMessage();
        this.tally = new Tally(plan.curve != null);
        this.receiver = new ChatReceiver(plan, tally, this::fail);
    }

    @Override
    public void run() {
        try (Selector s = Selector.open()) {
            selector = s;
            long now = System.nanoTime();
            for (ChatClient c : clients) {
                c.retryAt = now; // all start in back-off: the sweep connects them as slots free up
            }
            sweep(now);
            loop();
        } catch (IOException e) {
            failure = e;
        } finally {
            for (ChatClient c : clients) {
                c.closeChannel();
            }
        }
    }

    private void loop() throws IOException {
        long now = System.nanoTime();
        long nextSweep = now + SWEEP_NANOS;
        long nextDue = Long.MAX_VALUE;
        while (now < plan.stopAt() && alive > 0) {
            long wake = Math.min(Math.min(nextSweep, nextDue), plan.stopAt());
            FineWait.await(selector, onReady, wake - now);
            now = System.nanoTime();
            if (window == null && (window = plan.window()) != null) {
                receiver.window(window);
                begin();
            }
            if (window != null) {
                nextDue = fire(now);
            }
            if (now >= nextSweep) {
                sweep(now);
                nextSweep = now + SWEEP_NANOS;
            }
        }
    }

    /** Sending starts: a client still not in its room has had its chance. */
    private void begin() {
        for (ChatClient c : clients) {
            if (c.state == State.CONNECTING || c.state == State.JOINING) {
                tally.failure(FailureKind.TIMEOUT);
            }
            if (c.state == State.JOINED) {
                c.inRun = true;
            } else {
                kill(c);
            }
        }
    }

    /** Sends every message whose time has come; returns when the next is due. */
    private long fire(long now) {
        while (!sendingOver) {
            ChatClient c = clients[cursor];
            long due = plan.intended(window, c.id, round);
            if (due >= window.measureUntil()) {
                sendingOver = true; // the clients are in turn order: every later turn is later still
                break;
            }
            if (due > now) {
                return due;
            }
            if (c.state == State.JOINED) {
                send(c, round, due, now);
            }
            if (++cursor == clients.length) {
                cursor = 0;
                round++;
            }
        }
        return Long.MAX_VALUE;
    }

    private void send(ChatClient c, long sequence, long intended, long now) {
        if (!c.reserve(maxMessage)) {
            fail(c, FailureKind.TIMEOUT, now); // the server has stopped reading this client
            return;
        }
        wire.message(c, sequence, intended);
        if (ChatPlan.measured(window, intended)) {
            c.sentMeasured++;
            expected = expected + plan.spec.members(c.room); // single writer
        }
        flush(c, now);
    }

    /** Times out connects, joins and stalled writes; reconnects clients whose back-off is over. */
    private void sweep(long now) {
        for (ChatClient c : clients) {
            switch (c.state) {
                case CONNECTING, JOINING -> {
                    if (now - c.connectStartedAt > plan.timeoutNanos) {
                        fail(c, FailureKind.TIMEOUT, now);
                    }
                }
                case JOINED -> {
                    if (c.stalledSince != 0 && now - c.stalledSince > plan.timeoutNanos) {
                        fail(c, FailureKind.TIMEOUT, now);
                    }
                }
                case BACKOFF -> {
                    if (window == null && now >= c.retryAt && connecting < Worker.MAX_CONNECTING) {
                        connect(c, now);
                    }
                }
                default -> { }
            }
        }
    }

    private void connect(ChatClient c, long now) {
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

    private void connected(ChatClient c, long now) {
        try {
            if (!c.secured(plan.spec.tls(), plan.spec.host(), plan.address.getPort())) {
                return; // the TLS handshake goes on; its time is part of the connect
            }
        } catch (IOException e) {
            FailureKind kind = Failures.ofTransfer(e);
            if (tally.wantsExample()) {
                tally.example(kind, "TLS handshake: " + e.getMessage());
            }
            fail(c, kind, now);
            return;
        }
        connecting--;
        tally.connected(now - c.connectStartedAt);
        c.state = State.JOINING;
        c.inbound.reset();
        c.inbound.open(c);
        flush(c, now);
    }

    private void flush(ChatClient c, long now) {
        ByteBuffer out = c.out.flip();
        try {
            c.write(out);
        } catch (IOException e) {
            out.compact();
            fail(c, Failures.ofTransfer(e), now);
            return;
        }
        out.compact();
        if (out.position() > 0 || c.writePending()) {
            if (c.stalledSince == 0) {
                c.stalledSince = now;
                c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        } else if (c.stalledSince != 0 || c.key.interestOps() != SelectionKey.OP_READ) {
            c.stalledSince = 0;
            c.key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void onReady(SelectionKey key) {
        ChatClient c = (ChatClient) key.attachment();
        if (!key.isValid() || c.key != key) {
            return;
        }
        long now = System.nanoTime();
        int ready = key.readyOps();
        if (c.state == State.CONNECTING) {
            if ((ready & SelectionKey.OP_CONNECT) != 0) {
                try {
                    c.channel.finishConnect();
                } catch (IOException e) {
                    fail(c, Failures.ofConnect(e), now);
                    return;
                }
                connected(c, now);
            } else {
                connected(c, now); // the TLS handshake goes on
            }
            return;
        }
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            flush(c, now);
        }
        if ((ready & SelectionKey.OP_READ) != 0 && c.key == key) {
            read(c, now);
        }
    }

    private void read(ChatClient c, long now) {
        SelectionKey key = c.key;
        do {
            readOnce(c, now);
        } while (c.key == key && c.readBuffered());
    }

    private void readOnce(ChatClient c, long now) {
        ByteBuffer in = readBuffer.clear();
        int n;
        try {
            n = c.read(in);
        } catch (IOException e) {
            fail(c, Failures.ofTransfer(e), now);
            return;
        }
        if (n < 0) {
            fail(c, FailureKind.CLOSED, now);
            return;
        }
        receiver.reading(c, now);
        try {
            c.inbound.feed(c, in.flip(), receiver);
        } catch (ChatWire.Broken e) {
            if (tally.wantsExample()) {
                tally.example(e.kind, e.getMessage());
            }
            fail(c, e.kind, now);
            return;
        }
        if (c.key != null && c.out.position() > 0) {
            flush(c, now); // what the wire answered by itself: the requests after an upgrade, a pong
        }
    }

    /** Counts the failure and drops the socket; before sending starts the client tries again, after it is out. */
    private void fail(ChatClient c, FailureKind kind, long now) {
        tally.failure(kind);
        if (c.state == State.CONNECTING) {
            connecting--;
        }
        if (window != null) {
            kill(c);
            return;
        }
        if (c.state == State.JOINED) {
            plan.joined.decrementAndGet();
        }
        c.closeChannel();
        c.state = State.BACKOFF;
        c.attempt++;
        c.retryAt = now + RETRY_NANOS;
    }

    /** Out of the run for good (no connects follow, so the connect slots no longer matter). */
    private void kill(ChatClient c) {
        if (c.state != State.DEAD) {
            alive--;
        }
        c.closeChannel();
        c.state = State.DEAD;
    }

    Tally tally() {
        return tally;
    }

    /** What this thread's clients heard, judged; after the thread has been joined. */
    ChatReceiver received() {
        return receiver;
    }

    /** Measured deliveries this thread's senders have asked for so far: messages times room members. */
    long expected() {
        return expected;
    }

    ChatClient[] clients() {
        return clients;
    }

    /** The error that stopped the whole worker (its selector failed), or null. */
    IOException failure() {
        return failure;
    }
}
