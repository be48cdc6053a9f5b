package io.wharf.core.tls;

import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import java.nio.ByteBuffer;

/**
 * The engine-side half of the TLS layer: the {@link Handler} the engine calls with ciphertext, which runs the
 * {@link SSLEngine} and hands plaintext to the protocol through {@link TlsDemand} (which calls the protocol's
 * handler and keeps its demand) and its {@link TlsConnection}. The contract between the two sides is in the
 * package documentation.
 *
 * <p>Reading is an explicit state machine: {@code HANDSHAKING} (the first record is judged by
 * {@link TlsHelloCheck}: plain text, junk and an ALPN offer of none of ours are refused before the engine sees
 * them; {@link TlsHandshake} runs what the engine asks for; {@code tls_handshake_timeout} runs as the outer
 * connection's deadline, so no thread waits), {@code OPEN} (records are unwrapped by {@link TlsUnwrapLoop} into
 * {@link TlsInput}'s plaintext buffer and handed on), {@code CLOSED}. The ways a connection fails, each
 * counted once, are here.
 * Input the protocol leaves while it holds reading back (paused, not writable, offloaded) stays there, and no
 * more records are unwrapped meanwhile, with the outer connection paused too, so plaintext and ciphertext kept
 * are both bounded by a read's worth.
 *
 * <p>Threading: the callbacks come on the outer connection's handler thread, which is also the only thread
 * that runs the protocol's handler. State here is that thread's, except what {@link TlsDemand} and
 * {@link TlsOutput} guard.
 */
final class TlsHandler implements Handler {

    enum State { HANDSHAKING, OPEN, CLOSED }

    private final TlsLayer layer;
    /** The protocol's handler, until {@link TlsDemand} has it. */
    private final Handler inner;
    private final TlsContext tls;
    private SSLEngine engine;
    private Connection outer;
    private TlsConnection connection;
    private TlsOutput output;
    private State state = State.HANDSHAKING;
    private boolean failureCounted;
    private TlsInput in;
    private TlsDemand demand;
    private TlsHelloCheck hello;
    private TlsUnwrapLoop unwrap;
    private boolean processing;
    private long openedMillis;
    private boolean again;

    TlsHandler(TlsLayer layer, Handler inner, TlsContext tls) {
        this.layer = layer;
        this.inner = inner;
        this.tls = tls;
    }

    @Override
    public void onOpen(Connection c) {
        outer = c;
        openedMillis = System.currentTimeMillis();
        engine = tls.newEngine();
        output = new TlsOutput(engine, c, layer::maxBacklog, tls.directBuffers());
        in = new TlsInput(engine, tls.directBuffers());
        connection = new TlsConnection(this, c, output);
        demand = new TlsDemand(this, c, inner, connection);
        connection.demand = demand;
        hello = new TlsHelloCheck(this, layer, in);
        TlsHandshake handshake = new TlsHandshake(this, layer, engine, c, output, connection, demand);
        unwrap = new TlsUnwrapLoop(this, hello, handshake, in, engine, c, output, demand);
        c.deadline(tls.handshakeTimeout(), "tls handshake timeout");
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(TlsFailures.Kind.HANDSHAKE_FAILED, e.getMessage());
        }
    }

    @Override
    public void onData(Connection c, ByteBuffer data) {
        if (state == State.CLOSED) {
            data.position(data.limit());
            return;
        }
        in.append(data);
        if (!hello.passed() && !hello.check()) {
            return;
        }
        process();
    }

    @Override
    public void onWritabilityChanged(Connection c, boolean writable) {
        if (writable) {
            output.pump();
        }
        demand.reportWritability(writable);
        process();
    }

    @Override
    public void onInputEnded(Connection c) {
        if (state == State.HANDSHAKING) {
            fail(TlsFailures.Kind.TRUNCATED_HANDSHAKE, "the client closed in the middle of the handshake");
            return;
        }
        if (state == State.OPEN) {
            process(); // what arrived before the end goes first
            demand.endInput();
        }
    }

    @Override
    public boolean closeOnInputEnded() {
        return state != State.OPEN || demand.closeOnInputEnded();
    }

    @Override
    public void onClose(Connection c) {
        if (output != null) {
            output.release();
        }
        if (in != null && !processing) {
            in.release(true);
        }
        State was = state;
        state = State.CLOSED;
        if (was == State.HANDSHAKING && !failureCounted && !c.draining()) {
            countFailure(TlsFailures.Kind.HANDSHAKE_TIMEOUT, "no complete handshake within "
                    + tls.handshakeTimeout().toSeconds() + "s");
        }
        if (demand != null) {
            demand.closed();
        }
    }

    // --- for the protocol side: TlsConnection and TlsDemand -------------------------------------------------

    boolean open() {
        return state == State.OPEN;
    }

    /** The protocol resumed inside a callback: kept input is handed on once it returns. */
    void redeliver() {
        again = true;
        if (!processing) {
            process();
        }
    }

    SSLSession session() {
        return engine.getSession();
    }

    SSLEngine engine() {
        return engine;
    }

    /** A resumed session was made before this connection began its handshake. */
    boolean resumedSession() {
        return engine.getSession().getCreationTime() < openedMillis;
    }

    // --- reading: for TlsHelloCheck, TlsHandshake and TlsUnwrapLoop ------------------------------------------

    State state() {
        return state;
    }

    /** The handshake is done: the protocol's input may flow. */
    void markOpen() {
        state = State.OPEN;
    }

    /** Runs the state machine until it needs more bytes, is held back, or ends; never nested. */
    void process() {
        if (!hello.passed()) {
            return; // nothing the engine may read has arrived yet
        }
        if (processing) {
            again = true;
            return;
        }
        processing = true;
        try {
            do {
                again = false;
                unwrap.step();
            } while (again && state != State.CLOSED);
        } finally {
            processing = false;
        }
        if (state == State.OPEN) {
            demand.afterProcessing(in.holds());
        }
        in.release(state == State.CLOSED);
    }

    // --- failing ---------------------------------------------------------------------------------------------

    /** Counts, sends {@code reply} as plain bytes (the engine has not spoken yet), and closes. */
    void refuse(TlsFailures.Kind kind, String detail, byte[] reply) {
        countFailure(kind, detail);
        state = State.CLOSED;
        in.release(true);
        if (reply != null) {
            outer.write(reply);
        }
        outer.close(CloseReason.PROTOCOL_ERROR);
    }

    /** The engine refused the hello with an alert and said no more: the hello tells why, if it was old. */
    void refusedWithAlert() {
        fail(hello.old() ? TlsFailures.Kind.OLD_PROTOCOL : TlsFailures.Kind.HANDSHAKE_FAILED,
                "the handshake was refused with an alert");
    }

    void failed(SSLException e) {
        fail(TlsFailures.Kind.of(e, state == State.OPEN, hello.old()), String.valueOf(e.getMessage()));
    }

    /** Counts, sends the alert the engine holds, and closes. */
    void fail(TlsFailures.Kind kind, String detail) {
        countFailure(kind, detail);
        state = State.CLOSED;
        output.alertAndClose(CloseReason.PROTOCOL_ERROR);
    }

    void countFailure(TlsFailures.Kind kind, String detail) {
        if (!failureCounted) {
            failureCounted = true;
            layer.failures().failed(kind, outer.remoteAddress().getAddress().getHostAddress(), detail);
        }
    }
}
