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
 * {@link SSLEngine} and hands plaintext to the protocol through {@link TlsDemand} (which calls the protocol's
 * handler and keeps its demand) and its {@link TlsConnection}. The contract between the two sides is in the
 * package documentation.
 *
 * <p>Reading is an explicit state machine: {@code HANDSHAKING} (the first record is judged by
 * {@link ClientHello}: plain text, junk and an ALPN offer of none of ours are refused before the engine sees
 * them; {@code tls_handshake_timeout} runs as the outer connection's deadline, so no thread waits),
 * {@code OPEN} (records are unwrapped into {@link TlsInput}'s plaintext buffer and handed on), {@code CLOSED}.
 * Input the protocol leaves while it holds reading back (paused, not writable, offloaded) stays there, and no
 * more records are unwrapped meanwhile, with the outer connection paused too, so plaintext and ciphertext kept
 * are both bounded by a read's worth.
 *
 * <p>Threading: the callbacks come on the outer connection's handler thread, which is also the only thread
 * that runs the protocol's handler. State here is that thread's, except what {@link TlsDemand} and
 * {@link TlsOutput} guard.
 */
final class TlsHandler implements Handler {

    private static final Logger log = LoggerFactory.getLogger("wharf.tls");

    private enum State { HANDSHAKING, OPEN, CLOSED }

    private final TlsLayer layer;
    /** The protocol's handler, until {@link TlsDemand} has it. */
    private final Handler inner;
    private final TlsContext tls;
    private SSLEngine engine;
    private Connection outer;
    private TlsConnection connection;
    private TlsOutput output;
    private State state = State.HANDSHAKING;
    /** The first record was judged ({@link ClientHello}), and the engine may read. */
    private boolean helloChecked;
    /** The ClientHello offered nothing newer than TLS 1.1. */
    private boolean oldHello;
    private boolean failureCounted;
    private TlsInput in;
    private TlsDemand demand;
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
        if (!helloChecked && !checkHello()) {
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

    // --- reading ---------------------------------------------------------------------------------------------

    /**
     * Judges the first record before the engine sees it ({@link ClientHello}): false while it is not all here,
     * or when the client was refused (plain text gets the protocol's own answer as plain bytes, an ALPN offer
     * of none of ours the {@code no_application_protocol} alert).
     */
    private boolean checkHello() {
        ByteBuffer kept = in.net.duplicate().flip();
        switch (ClientHello.peek(kept, layer.alpn())) {
            case NEED_MORE -> {
                return false;
            }
            case TLS -> helloChecked = true;
            case OLD -> {
                helloChecked = true;
                oldHello = true; // offers nothing newer than TLS 1.1: the engine refuses it unless allowed
            }
            case NO_SHARED_ALPN -> refuse(TlsFailures.Kind.NO_APPLICATION_PROTOCOL,
                    "ALPN offered none of " + String.join(",", layer.alpn()),
                    ClientHello.NO_APPLICATION_PROTOCOL_ALERT);
            case SSL2 -> fail(TlsFailures.Kind.OLD_PROTOCOL, "an SSL 2 ClientHello");
            case PLAIN -> refuse(TlsFailures.Kind.PLAINTEXT, "plain text on the TLS port", layer.plainTextReply(kept));
            case NOT_TLS -> fail(TlsFailures.Kind.NOT_TLS, String.format("first byte 0x%02x is no TLS record",
                    kept.get(0) & 0xff));
        }
        return helloChecked;
    }

    /** Counts, sends {@code reply} as plain bytes (the engine has not spoken yet), and closes. */
    private void refuse(TlsFailures.Kind kind, String detail, byte[] reply) {
        countFailure(kind, detail);
        state = State.CLOSED;
        in.release(true);
        if (reply != null) {
            outer.write(reply);
        }
        outer.close(CloseReason.PROTOCOL_ERROR);
    }

    /** Runs the state machine until it needs more bytes, is held back, or ends; never nested. */
    void process() {
        if (!helloChecked) {
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
                step();
            } while (again && state != State.CLOSED);
        } finally {
            processing = false;
        }
        if (state == State.OPEN) {
            demand.afterProcessing(in.holds());
        }
        in.release(state == State.CLOSED);
    }

    private void step() {
        boolean poke = false;
        while (state != State.CLOSED) {
            ByteBuffer netIn = in.net;
            if (netIn == null) {
                return;
            }
            if (state == State.OPEN && in.app.position() > 0) {
                if (demand.holding()) {
                    return;
                }
                demand.deliver(in.app);
                continue;
            }
            if (state == State.OPEN && demand.holding() || netIn.position() == 0 && !poke) {
                return;
            }
            SSLEngineResult r;
            netIn.flip();
            try {
                r = engine.unwrap(netIn, in.app);
            } catch (SSLException e) {
                netIn.compact();
                failed(e);
                return;
            }
            netIn.compact();
            // BoringSSL's engine finishes the handshake only when called once more after the client's Finished:
            // without that, a client that waits for the server to speak first (a banner) would wait for ever
            poke = state == State.HANDSHAKING && r.bytesConsumed() > 0 && netIn.position() == 0;
            if (log.isTraceEnabled()) {
                log.trace("conn#{} unwrap {} {} in={} out={} outDone={} inDone={}", outer.id(), r.getStatus(),
                        r.getHandshakeStatus(), r.bytesConsumed(), r.bytesProduced(), engine.isOutboundDone(),
                        engine.isInboundDone());
            }
            switch (r.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    in.grow(engine.getSession().getPacketBufferSize());
                    if (!handshakeSteps(r.getHandshakeStatus())) {
                        return;
                    }
                    if (engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                            || engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
                        return; // a record is not all here yet
                    }
                }
                case BUFFER_OVERFLOW -> {
                    if (in.app.position() == 0) {
                        in.growApp();
                    }
                    // else: deliver what is there first, then unwrap again
                }
                case CLOSED -> {
                    if (state == State.OPEN && !engine.isInboundDone()) {
                        // only our side is closed (shutdownOutput; BoringSSL's says CLOSED for it): input goes on
                        if (r.bytesConsumed() == 0) {
                            return;
                        }
                        continue;
                    }
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
                    while (state == State.OPEN && in.app != null && in.app.position() > 0 && !demand.holding()) {
                        demand.deliver(in.app);
                    }
                    demand.endInput();
                    if (in.net != null) {
                        in.net.clear();
                    }
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
                    boolean alerted;
                    try {
                        alerted = output.handshake();
                    } catch (SSLException e) {
                        failed(e);
                        return false;
                    }
                    hs = engine.getHandshakeStatus();
                    if (state == State.HANDSHAKING
                            && (alerted || hs == HandshakeStatus.NEED_WRAP || engine.isOutboundDone())) {
                        refusedWithAlert(); // it sent its alert and will say no more, nor why (BoringSSL's)
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
            refusedWithAlert(); // no session after all: an alert and no exception (BoringSSL's)
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
        demand.open();
    }

    /** The engine refused the hello with an alert and said no more: the hello tells why, if it was old. */
    private void refusedWithAlert() {
        fail(oldHello ? TlsFailures.Kind.OLD_PROTOCOL : TlsFailures.Kind.HANDSHAKE_FAILED,
                "the handshake was refused with an alert");
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
