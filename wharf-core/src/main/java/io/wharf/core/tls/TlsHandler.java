package io.wharf.core.tls;

import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;

/**
 * The engine-side half of the TLS layer: the {@link Handler} the engine calls with ciphertext, which runs the
 * {@link SSLEngine}, and calls the protocol's handler with plaintext through its {@link TlsConnection}. The
 * contract between the two sides is in the package documentation.
 *
 * <p>Reading is an explicit state machine: {@code HANDSHAKING} (the first bytes are sniffed: plain text or
 * junk is refused before the engine sees it; {@code tls_handshake_timeout} runs as the outer connection's
 * deadline, so no thread waits), {@code OPEN} (records are unwrapped into {@code appIn} and handed on),
 * {@code CLOSED}. Input the protocol leaves while it holds reading back (paused, not writable, offloaded)
 * stays in {@code appIn}, and no more records are unwrapped meanwhile, with the outer connection paused too,
 * so plaintext and ciphertext kept are both bounded by a read's worth.
 *
 * <p>Threading: the callbacks come on the outer connection's handler thread, which is also the only thread
 * that runs the protocol's handler ({@link #dispatching} marks when it does). State here is that thread's,
 * except {@code paused} (volatile) and what {@link TlsOutput} guards.
 */
final class TlsHandler implements Handler {

    private static final Logger log = LoggerFactory.getLogger("wharf.tls");

    private enum State { HANDSHAKING, OPEN, CLOSED }

    private final TlsLayer layer;
    /** The protocol's handler: replaced by {@link #upgrade}; read and written on the handler's thread only. */
    private Handler inner;
    private final TlsContext tls;
    private SSLEngine engine;
    private Connection outer;
    private TlsConnection connection;
    private TlsOutput output;
    private State state = State.HANDSHAKING;
    private boolean sniffed;
    /** The ClientHello offered nothing newer than TLS 1.1. */
    private boolean oldHello;
    private boolean failureCounted;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    /** Set by the protocol: it paused reading. */
    volatile boolean paused;
    /** The thread running a protocol callback now, so a resume inside one is told apart. */
    private volatile Thread dispatching;
    /** A resume came inside a callback: kept input goes out once the callback returns. */
    private boolean redeliver;
    /** The outer connection is paused by this layer (kept input, or the protocol's own pause). */
    private volatile boolean outerPaused;
    /** The protocol was told its input ended (by close_notify or end of stream): once only. */
    private boolean inputEnded;
    /** Offloads whose result the protocol has not had yet. */
    int offloads;
    private boolean reportedWritable = true;
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
        output = new TlsOutput(engine, c, layer::maxBacklog);
        connection = new TlsConnection(this, c, output);
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
        if (!sniffed) {
            sniffed = true;
            if (!sniff(data)) {
                data.position(data.limit());
                return;
            }
        }
        if (netIn == null) { // made on the first bytes: a connection that sends nothing costs no buffers
            SSLSession s = engine.getSession();
            netIn = ByteBuffer.allocate(s.getPacketBufferSize());
            appIn = ByteBuffer.allocate(s.getApplicationBufferSize());
        }
        append(data);
        process();
    }

    @Override
    public void onWritabilityChanged(Connection c, boolean writable) {
        if (writable) {
            output.pump();
        }
        reportWritability();
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
            endInput();
        }
    }

    @Override
    public void onClose(Connection c) {
        if (output != null) {
            output.release();
        }
        State was = state;
        state = State.CLOSED;
        if (was == State.HANDSHAKING && !failureCounted && !c.draining()) {
            countFailure(TlsFailures.Kind.HANDSHAKE_TIMEOUT, "no complete handshake within "
                    + tls.handshakeTimeout().toSeconds() + "s");
        }
        if (connection != null && connection.opened) {
            dispatch(() -> inner.onClose(connection));
        }
    }

    // --- the protocol side's calls, from TlsConnection ------------------------------------------------------

    void pauseReading() {
        paused = true;
        pauseOuter();
    }

    /** From any thread; inside one of our callbacks, kept input follows when it returns. */
    void resumeReading() {
        paused = false;
        if (Thread.currentThread() == dispatching) {
            redeliver = true;
        } else if (outer != null) {
            // another thread: the outer connection reads again, and kept input goes ahead of what it brings
            outerPaused = false;
            outer.resumeReading();
        }
    }

    boolean holding() {
        return paused || offloads > 0 || !outer.writable();
    }

    /** An offloaded result reaches the protocol: a callback like any, followed by kept input. */
    void offloaded(Runnable then) {
        offloads--;
        dispatch(then);
        process();
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

    // --- reading ---------------------------------------------------------------------------------------------

    /**
     * Whether the first bytes can be TLS: a handshake record (22), or an SSL 2 hello (refused as old). Plain
     * text is the protocol's to answer (HTTP's 400), as plain bytes, before the close.
     */
    private boolean sniff(ByteBuffer data) {
        int p = data.position();
        int b0 = data.get(p) & 0xff;
        if (b0 == 22) {
            // legacy_version of the ClientHello: below TLS 1.2 only from a client that offers nothing newer
            oldHello = data.remaining() >= 11 && ((data.get(p + 9) & 0xff) << 8 | data.get(p + 10) & 0xff) < 0x0303;
            return true;
        }
        if (b0 >= 0x80 && data.remaining() >= 3 && data.get(p + 2) == 1) {
            fail(TlsFailures.Kind.OLD_PROTOCOL, "an SSL 2 ClientHello");
            return false;
        }
        if (b0 >= 'A' && b0 <= 'Z') {
            byte[] reply = layer.plainTextReply(data);
            countFailure(TlsFailures.Kind.PLAINTEXT, "plain text on the TLS port");
            state = State.CLOSED;
            if (reply != null) {
                outer.write(reply); // plain bytes, straight to the socket: the client speaks no TLS
                outer.close(CloseReason.PROTOCOL_ERROR);
            } else {
                outer.close(CloseReason.PROTOCOL_ERROR);
            }
            return false;
        }
        fail(TlsFailures.Kind.NOT_TLS, String.format("first byte 0x%02x is no TLS record", b0));
        return false;
    }

    private void append(ByteBuffer data) {
        if (netIn.remaining() < data.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(netIn.capacity() * 2, netIn.position() + data.remaining()));
            netIn.flip();
            netIn = bigger.put(netIn);
        }
        netIn.put(data);
    }

    /** Runs the state machine until it needs more bytes, is held back, or ends; never nested. */
    private void process() {
        if (netIn == null) {
            return; // nothing has arrived yet
        }
        if (processing) {
            again = true;
            return;
        }
        processing = true;
        try {
            do {
                again = false;
                step();
            } while (again && state != State.CLOSED);
        } finally {
            processing = false;
        }
        if (state == State.OPEN) {
            if (holding() && (appIn.position() > 0 || netIn.position() > 0)) {
                pauseOuter();
            } else if (!paused && outerPaused) {
                outerPaused = false;
                outer.resumeReading();
            }
        }
    }

    private void step() {
        while (state != State.CLOSED) {
            if (state == State.OPEN && appIn.position() > 0) {
                if (holding()) {
                    return;
                }
                deliver();
                continue;
            }
            if (state == State.OPEN && holding() || netIn.position() == 0) {
                return;
            }
            SSLEngineResult r;
            netIn.flip();
            try {
                r = engine.unwrap(netIn, appIn);
            } catch (SSLException e) {
                netIn.compact();
                failed(e);
                return;
            }
            netIn.compact();
            if (log.isTraceEnabled()) {
                log.trace("conn#{} unwrap {} {} in={} out={} outDone={} inDone={}", outer.id(), r.getStatus(),
                        r.getHandshakeStatus(), r.bytesConsumed(), r.bytesProduced(), engine.isOutboundDone(),
                        engine.isInboundDone());
            }
            switch (r.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    int need = engine.getSession().getPacketBufferSize();
                    if (netIn.capacity() < need) {
                        netIn = ByteBuffer.allocate(need).put(netIn.flip());
                    }
                    if (!handshakeSteps(r.getHandshakeStatus())) {
                        return;
                    }
                    if (engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                            || engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
                        return; // a record is not all here yet
                    }
                }
                case BUFFER_OVERFLOW -> {
                    if (appIn.position() == 0) {
                        appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() + appIn.capacity());
                    }
                    // else: deliver what is there first, then unwrap again
                }
                case CLOSED -> {
                    // close_notify: the client is done sending; we answer with ours once the protocol closes
                    if (state == State.HANDSHAKING && r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                        handshakeDone(); // its Finished and its close_notify came in one read
                    } else if (state == State.HANDSHAKING && r.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                        try {
                            output.handshake(); // an engine that refused the hello sends its alert, then says why
                        } catch (SSLException e) {
                            failed(e);
                            return;
                        }
                    }
                    if (state == State.HANDSHAKING) {
                        countFailure(oldHello ? TlsFailures.Kind.OLD_PROTOCOL : TlsFailures.Kind.TRUNCATED_HANDSHAKE,
                                oldHello ? "the engine refused the hello" : "the client closed in the middle of the handshake");
                    }
                    if (state == State.OPEN) {
                        deliverAll();
                        endInput();
                    }
                    netIn.clear();
                    if (!engine.isOutboundDone() && state != State.OPEN) {
                        outer.close(CloseReason.CLIENT_CLOSED);
                    }
                    return;
                }
                case OK -> {
                    if (!handshakeSteps(r.getHandshakeStatus())) {
                        return;
                    }
                }
            }
        }
    }

    /** Runs what the handshake needs after an unwrap: tasks, messages to send, the finish. False on failure. */
    private boolean handshakeSteps(HandshakeStatus hs) {
        for (;;) {
            switch (hs) {
                case NEED_TASK -> {
                    for (Runnable t = engine.getDelegatedTask(); t != null; t = engine.getDelegatedTask()) {
                        t.run(); // CPU only (signatures, key agreement): the loop runs it, as Netty's default does
                    }
                    hs = engine.getHandshakeStatus();
                }
                case NEED_WRAP -> {
                    if (state == State.OPEN && renegotiating()) {
                        return false;
                    }
                    try {
                        output.handshake();
                    } catch (SSLException e) {
                        failed(e);
                        return false;
                    }
                    hs = engine.getHandshakeStatus();
                    if (state == State.HANDSHAKING && (hs == HandshakeStatus.NEED_WRAP || engine.isOutboundDone())) {
                        // it sent its alert and will say no more, nor why (BoringSSL's): the hello tells
                        fail(oldHello ? TlsFailures.Kind.OLD_PROTOCOL : TlsFailures.Kind.HANDSHAKE_FAILED,
                                "the handshake was refused with an alert");
                        return false;
                    }
                    if (hs == HandshakeStatus.NEED_WRAP) {
                        return true; // the engine is closing
                    }
                }
                case FINISHED -> {
                    if (state == State.HANDSHAKING) {
                        handshakeDone();
                    }
                    hs = engine.getHandshakeStatus();
                    if (hs == HandshakeStatus.FINISHED) {
                        return true;
                    }
                }
                default -> {
                    if (state == State.HANDSHAKING && hs == HandshakeStatus.NOT_HANDSHAKING) {
                        handshakeDone();
                    }
                    return state != State.CLOSED;
                }
            }
            if (state == State.CLOSED) {
                return false;
            }
        }
    }

    /** TLS 1.2 renegotiation is refused; TLS 1.3's post-handshake messages (key updates) are not one. */
    private boolean renegotiating() {
        if (!"TLSv1.3".equals(engine.getSession().getProtocol())) {
            fail(TlsFailures.Kind.RENEGOTIATION, "a renegotiation attempt");
            return true;
        }
        return false;
    }

    private void handshakeDone() {
        String protocol = engine.getSession().getProtocol();
        if (protocol == null || !protocol.startsWith("TLS") || engine.isOutboundDone()) {
            // no session after all: an engine that refused the hello with an alert and no exception (BoringSSL's)
            fail(oldHello ? TlsFailures.Kind.OLD_PROTOCOL : TlsFailures.Kind.HANDSHAKE_FAILED,
                    "the handshake was refused with an alert");
            return;
        }
        state = State.OPEN;
        outer.clearDeadline();
        SSLSession s = engine.getSession();
        layer.failures().handshake(connection.resumed());
        if (log.isDebugEnabled()) {
            log.debug("conn#{} tls {} {} alpn={} sni={}", outer.id(), s.getProtocol(), s.getCipherSuite(),
                    engine.getApplicationProtocol(), connection.serverName().orElse("-"));
        }
        try {
            if (s.getPeerCertificates().length > 0 && s.getPeerCertificates()[0] instanceof X509Certificate x) {
                log.info("conn#{} client certificate: {}", outer.id(), x.getSubjectX500Principal().getName());
            }
        } catch (SSLPeerUnverifiedException e) {
            // no client certificate: the usual case
        }
        try {
            output.afterHandshake();
        } catch (SSLException e) {
            failed(e);
            return;
        }
        connection.opened = true;
        dispatch(() -> inner.onOpen(connection));
        reportWritability();
    }

    /**
     * {@link Connection#upgrade} for this layer's inner slot: {@code next} takes the protocol's place above the
     * layer, which stays between the socket and it (wss), by the SPI's rules.
     */
    void upgrade(Handler next, ByteBuffer unconsumed) {
        java.util.Objects.requireNonNull(next, "next");
        if (state != State.OPEN) {
            return;
        }
        inner = next;
        dispatch(() -> next.onOpen(connection));
        if (unconsumed.hasRemaining() && state == State.OPEN) {
            dispatch(() -> next.onData(connection, unconsumed));
        }
    }

    private void deliver() {
        appIn.flip();
        dispatch(() -> inner.onData(connection, appIn));
        if (appIn.hasRemaining() && !holding()) {
            appIn.position(appIn.limit()); // left while reading was on: dropped, as the SPI says
        }
        appIn.compact();
    }

    private void endInput() {
        if (!inputEnded && state == State.OPEN) {
            inputEnded = true;
            dispatch(() -> inner.onInputEnded(connection));
        }
    }

    private void deliverAll() {
        while (state == State.OPEN && appIn.position() > 0 && !holding()) {
            deliver();
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
            again = true;
            if (!processing) {
                process();
            }
        }
    }

    private void reportWritability() {
        if (state != State.OPEN || connection == null || !connection.opened) {
            return;
        }
        boolean w = outer.writable();
        if (w != reportedWritable) {
            reportedWritable = w;
            dispatch(() -> inner.onWritabilityChanged(connection, w));
        }
    }

    private void pauseOuter() {
        if (!outerPaused && outer != null) {
            outerPaused = true;
            outer.pauseReading();
        }
    }

    private void failed(SSLException e) {
        fail(TlsFailures.Kind.of(e, state == State.OPEN, oldHello), String.valueOf(e.getMessage()));
    }

    /** Counts, sends the alert the engine holds, and closes. */
    private void fail(TlsFailures.Kind kind, String detail) {
        countFailure(kind, detail);
        state = State.CLOSED;
        output.alert();
        outer.close(CloseReason.PROTOCOL_ERROR);
    }

    private void countFailure(TlsFailures.Kind kind, String detail) {
        if (!failureCounted) {
            failureCounted = true;
            layer.failures().failed(kind, outer.remoteAddress().getAddress().getHostAddress(), detail);
        }
    }
}
