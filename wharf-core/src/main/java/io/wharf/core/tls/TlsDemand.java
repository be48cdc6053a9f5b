package io.wharf.core.tls;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;

import java.nio.ByteBuffer;

/**
 * The protocol's side of the read path, for the engine side ({@link TlsHandler}): it calls the protocol's
 * handler in the order the {@link Handler} SPI promises, and keeps the demand, whether the protocol holds
 * reading back (it paused, an offload is out, or the connection is not writable), pausing the outer connection
 * while input is kept for it and resuming it once it may read again.
 *
 * <p>Threading: the outer connection's handler thread, which is the only one that calls the protocol's handler
 * ({@code dispatching} marks when it does); {@link #pauseReading} and {@link #resumeReading} may come from
 * another thread, which is why {@code paused}, {@code dispatching} and {@code outerPaused} are volatile.
 */
final class TlsDemand {

    private final TlsHandler engineSide;
    private final Connection outer;
    /** The protocol's handler: replaced by {@link #upgrade}. */
    private Handler inner;
    private final TlsConnection connection;
    /** Set by the protocol: it paused reading. */
    private volatile boolean paused;
    /** The thread running a protocol callback now, so a resume inside one is told apart. */
    private volatile Thread dispatching;
    /** A resume came inside a callback: kept input goes out once the callback returns. */
    private boolean redeliver;
    /** The outer connection is paused by this layer (kept input, or the protocol's own pause). */
    private volatile boolean outerPaused;
    /** The protocol was told its input ended (by close_notify or end of stream): once only. */
    private boolean inputEnded;
    /** Offloads whose result the protocol has not had yet. */
    private int offloads;
    private boolean reportedWritable = true;

    TlsDemand(TlsHandler engineSide, Connection outer, Handler inner, TlsConnection connection) {
        this.engineSide = engineSide;
        this.outer = outer;
        this.inner = inner;
        this.connection = connection;
    }

    /** Whether the protocol holds reading back now. */
    boolean holding() {
        return paused || offloads > 0 || !outer.writable();
    }

    void pauseReading() {
        paused = true;
        pauseOuter();
    }

    /** From any thread; inside one of our callbacks, kept input follows when it returns. */
    void resumeReading() {
        paused = false;
        if (Thread.currentThread() == dispatching) {
            redeliver = true;
        } else {
            // another thread: the outer connection reads again, and kept input goes ahead of what it brings
            outerPaused = false;
            outer.resumeReading();
        }
    }

    /** The protocol's {@code offload} went out: reading waits for its result. */
    void offloadStarted() {
        offloads++;
    }

    /** An offloaded result reaches the protocol: a callback like any, followed by kept input. */
    void offloaded(Runnable then) {
        offloads--;
        dispatch(then);
        engineSide.process();
    }

    /** A task the protocol had {@linkplain Connection#execute executed}: a callback like any, followed by kept input. */
    void task(Runnable task) {
        if (engineSide.open() && connection.opened) {
            dispatch(task);
            engineSide.process();
        }
    }

    /** After the engine side has processed: the outer connection paused while input is kept and held back. */
    void afterProcessing(boolean kept) {
        if (holding() && kept) {
            pauseOuter();
        } else if (!paused && outerPaused) {
            outerPaused = false;
            outer.resumeReading();
        }
    }

    /** The handshake is done: the protocol's {@code onOpen}. */
    void open() {
        connection.opened = true;
        dispatch(() -> inner.onOpen(connection));
        reportWritability();
    }

    /** Hands {@code app} (plaintext, write mode) to the protocol; what it leaves while held back stays. */
    void deliver(ByteBuffer app) {
        app.flip();
        dispatch(() -> inner.onData(connection, app));
        if (app.hasRemaining() && !holding()) {
            app.position(app.limit()); // left while reading was on: dropped, as the SPI says
        }
        app.compact();
    }

    void endInput() {
        if (!inputEnded && engineSide.open()) {
            inputEnded = true;
            dispatch(() -> inner.onInputEnded(connection));
        }
    }

    /** Whether the outer connection closes once its input ended: the protocol's say, once it is open. */
    boolean closeOnInputEnded() {
        return !connection.opened || inner.closeOnInputEnded();
    }

    void closed() {
        if (connection.opened) {
            dispatch(() -> inner.onClose(connection));
        }
    }

    void reportWritability() {
        reportWritability(outer.writable());
    }

    /**
     * Tells the protocol of writability {@code w}: the outer connection's event's value rather than its state
     * now, so a spell of unwritability that ended before this runs is still told (false, then true), and a
     * protocol that stopped on it hears when to go on.
     */
    void reportWritability(boolean w) {
        if (!engineSide.open() || !connection.opened) {
            return;
        }
        if (w != reportedWritable) {
            reportedWritable = w;
            dispatch(() -> inner.onWritabilityChanged(connection, w));
        }
    }

    /**
     * {@link Connection#upgrade} for this layer's inner slot: {@code next} takes the protocol's place above the
     * layer, which stays between the socket and it (wss), by the SPI's rules.
     */
    void upgrade(Handler next, ByteBuffer unconsumed) {
        java.util.Objects.requireNonNull(next, "next");
        if (!engineSide.open()) {
            return;
        }
        inner = next;
        dispatch(() -> next.onOpen(connection));
        if (unconsumed.hasRemaining() && engineSide.open()) {
            dispatch(() -> next.onData(connection, unconsumed));
        }
    }

    /** Calls the protocol's handler; a resume inside the call is answered once it returns. */
    private void dispatch(Runnable callback) {
        Thread was = dispatching;
        dispatching = Thread.currentThread();
        try {
            callback.run();
        } finally {
            dispatching = was;
        }
        if (redeliver && was == null) {
            redeliver = false;
            engineSide.redeliver();
        }
    }

    private void pauseOuter() {
        if (!outerPaused) {
            outerPaused = true;
            outer.pauseReading();
        }
    }
}
