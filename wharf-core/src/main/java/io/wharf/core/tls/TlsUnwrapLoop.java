package io.wharf.core.tls;

import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;

/**
 * One pass of {@link TlsHandler}'s reading: records are unwrapped from {@link TlsInput}'s ciphertext into its
 * plaintext buffer, which is handed to the protocol through {@link TlsDemand} while it does not hold reading
 * back; what a record carries for the handshake goes to {@link TlsHandshake}; the client's {@code close_notify}
 * ends the input.
 *
 * <p>Threading: the outer connection's handler thread only, as {@link TlsHandler}'s state is.
 */
final class TlsUnwrapLoop {

    private static final Logger log = LoggerFactory.getLogger("wharf.tls");

    private final TlsHandler handler;
    private final TlsHelloCheck hello;
    private final TlsHandshake handshake;
    private final TlsInput in;
    private final SSLEngine engine;
    private final Connection outer;
    private final TlsOutput output;
    private final TlsDemand demand;

    TlsUnwrapLoop(TlsHandler handler, TlsHelloCheck hello, TlsHandshake handshake, TlsInput in, SSLEngine engine,
            Connection outer, TlsOutput output, TlsDemand demand) {
        this.handler = handler;
        this.hello = hello;
        this.handshake = handshake;
        this.in = in;
        this.engine = engine;
        this.outer = outer;
        this.output = output;
        this.demand = demand;
    }

    /** Unwraps and hands on until more bytes are needed, the protocol holds reading back, or the input ends. */
    void step() {
        boolean poke = false;
        while (state() != TlsHandler.State.CLOSED) {
            ByteBuffer netIn = in.net;
            if (netIn == null) {
                return;
            }
            if (state() == TlsHandler.State.OPEN && in.app.position() > 0) {
                if (demand.holding()) {
                    return;
                }
                demand.deliver(in.app);
                continue;
            }
            if (state() == TlsHandler.State.OPEN && demand.holding() || netIn.position() == 0 && !poke) {
                return;
            }
            SSLEngineResult r;
            netIn.flip();
            try {
                r = engine.unwrap(netIn, in.app);
            } catch (SSLException e) {
                netIn.compact();
                handler.failed(e);
                return;
            }
            netIn.compact();
            // BoringSSL's engine finishes the handshake only when called once more after the client's Finished:
            // without that, a client that waits for the server to speak first (a banner) would wait for ever
            poke = state() == TlsHandler.State.HANDSHAKING && r.bytesConsumed() > 0 && netIn.position() == 0;
            if (log.isTraceEnabled()) {
                log.trace("conn#{} unwrap {} {} in={} out={} outDone={} inDone={}", outer.id(), r.getStatus(),
                        r.getHandshakeStatus(), r.bytesConsumed(), r.bytesProduced(), engine.isOutboundDone(),
                        engine.isInboundDone());
            }
            switch (r.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    in.grow(engine.getSession().getPacketBufferSize());
                    if (!handshake.steps(r.getHandshakeStatus())) {
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
                    if (state() == TlsHandler.State.OPEN && !engine.isInboundDone()) {
                        // only our side is closed (shutdownOutput; BoringSSL's says CLOSED for it): input goes on
                        if (r.bytesConsumed() == 0) {
                            return;
                        }
                        continue;
                    }
                    inputClosed(r);
                    return;
                }
                case OK -> {
                    if (!handshake.steps(r.getHandshakeStatus())) {
                        return;
                    }
                }
            }
        }
    }

    /** close_notify: the client is done sending; we answer with ours once the protocol closes. */
    private void inputClosed(SSLEngineResult r) {
        if (state() == TlsHandler.State.HANDSHAKING && r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshake.done(); // its Finished and its close_notify came in one read
        } else if (state() == TlsHandler.State.HANDSHAKING && r.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            try {
                output.handshake(); // an engine that refused the hello sends its alert, then says why
            } catch (SSLException e) {
                handler.failed(e);
                return;
            }
        }
        if (state() == TlsHandler.State.HANDSHAKING) {
            handler.countFailure(hello.old() ? TlsFailures.Kind.OLD_PROTOCOL : TlsFailures.Kind.TRUNCATED_HANDSHAKE,
                    hello.old() ? "the engine refused the hello" : "the client closed in the middle of the handshake");
        }
        while (state() == TlsHandler.State.OPEN && in.app != null && in.app.position() > 0 && !demand.holding()) {
            demand.deliver(in.app);
        }
        demand.endInput();
        if (in.net != null) {
            in.net.clear();
        }
        if (!engine.isOutboundDone() && state() != TlsHandler.State.OPEN) {
            outer.close(CloseReason.CLIENT_CLOSED);
        }
    }

    private TlsHandler.State state() {
        return handler.state();
    }
}
