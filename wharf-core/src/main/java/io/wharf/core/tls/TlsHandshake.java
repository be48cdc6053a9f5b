package io.wharf.core.tls;

import io.wharf.core.spi.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.X509Certificate;

/**
 * The handshake side of {@link TlsHandler}'s reading: what the engine asks for after an unwrap (its delegated
 * tasks, messages to send, the finish), the refusal of a TLS 1.2 renegotiation, and the step to {@code OPEN}:
 * the handshake deadline cleared, the handshake counted and logged, the protocol opened.
 *
 * <p>Threading: the outer connection's handler thread only, as {@link TlsHandler}'s state is.
 */
final class TlsHandshake {

    private static final Logger log = LoggerFactory.getLogger("wharf.tls");

    private final TlsHandler handler;
    private final TlsLayer layer;
    private final SSLEngine engine;
    private final Connection outer;
    private final TlsOutput output;
    private final TlsConnection connection;
    private final TlsDemand demand;

    TlsHandshake(TlsHandler handler, TlsLayer layer, SSLEngine engine, Connection outer, TlsOutput output,
            TlsConnection connection, TlsDemand demand) {
        this.handler = handler;
        this.layer = layer;
        this.engine = engine;
        this.outer = outer;
        this.output = output;
        this.connection = connection;
        this.demand = demand;
    }

    /** Runs what the handshake needs after an unwrap: tasks, messages to send, the finish. False on failure. */
    boolean steps(HandshakeStatus hs) {
        for (;;) {
            switch (hs) {
                case NEED_TASK -> {
                    for (Runnable t = engine.getDelegatedTask(); t != null; t = engine.getDelegatedTask()) {
                        t.run(); // CPU only (signatures, key agreement): the loop runs it, as Netty's default does
                    }
                    hs = engine.getHandshakeStatus();
                }
                case NEED_WRAP -> {
                    if (state() == TlsHandler.State.OPEN && renegotiating()) {
                        return false;
                    }
                    boolean alerted;
                    try {
                        alerted = output.handshake();
                    } catch (SSLException e) {
                        handler.failed(e);
                        return false;
                    }
                    hs = engine.getHandshakeStatus();
                    if (state() == TlsHandler.State.HANDSHAKING
                            && (alerted || hs == HandshakeStatus.NEED_WRAP || engine.isOutboundDone())) {
                        handler.refusedWithAlert(); // it sent its alert and will say no more, nor why (BoringSSL's)
                        return false;
                    }
                    if (hs == HandshakeStatus.NEED_WRAP) {
                        return true; // the engine is closing
                    }
                }
                case FINISHED -> {
                    if (state() == TlsHandler.State.HANDSHAKING) {
                        done();
                    }
                    hs = engine.getHandshakeStatus();
                    if (hs == HandshakeStatus.FINISHED) {
                        return true;
                    }
                }
                default -> {
                    if (state() == TlsHandler.State.HANDSHAKING && hs == HandshakeStatus.NOT_HANDSHAKING) {
                        done();
                    }
                    return state() != TlsHandler.State.CLOSED;
                }
            }
            if (state() == TlsHandler.State.CLOSED) {
                return false;
            }
        }
    }

    /** TLS 1.2 renegotiation is refused; TLS 1.3's post-handshake messages (key updates) are not one. */
    private boolean renegotiating() {
        if (!"TLSv1.3".equals(engine.getSession().getProtocol())) {
            handler.fail(TlsFailures.Kind.RENEGOTIATION, "a renegotiation attempt");
            return true;
        }
        return false;
    }

    /** The handshake is done: the connection opens, or is refused if the engine made no session after all. */
    void done() {
        String protocol = engine.getSession().getProtocol();
        if (protocol == null || !protocol.startsWith("TLS") || engine.isOutboundDone()) {
            handler.refusedWithAlert(); // no session after all: an alert and no exception (BoringSSL's)
            return;
        }
        handler.markOpen();
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
            handler.failed(e);
            return;
        }
        demand.open();
    }

    private TlsHandler.State state() {
        return handler.state();
    }
}
