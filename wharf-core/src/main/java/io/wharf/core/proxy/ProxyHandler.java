package io.wharf.core.proxy;

import io.wharf.core.AbstractConnection;
import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.spi.HandlerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * One connection of a {@link ProxyLayer}. {@code AWAITING_HEADER} (a trusted peer): the header is decoded as it
 * arrives, nothing reaches the protocol meanwhile; once whole, the connection takes its client
 * ({@link AbstractConnection#proxied}) and is {@linkplain Connection#upgrade handed} to the protocol's handler
 * (TLS's, if on) with the bytes after the header, so this handler leaves the path. A missing or malformed header
 * closes the connection as a protocol error, counted. {@code SNIFFING} (any other peer): the protocol's handler
 * runs at once (a banner goes out), and the first bytes are checked for a PROXY signature, which is refused;
 * then {@code PASSING}: every callback goes straight through.
 *
 * <p>Threading: the engine's handler thread, like any handler.
 */
final class ProxyHandler implements Handler {

    private static final Logger log = LoggerFactory.getLogger("wharf.proxy");
    /** How long a trusted peer has to send its header: a proxy sends it with its first segment. */
    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(5);

    private enum State { AWAITING_HEADER, SNIFFING, PASSING }

    private final ProxyLayer layer;
    private final HandlerFactory next;
    private State state;
    private ProxyDecoder decoder;
    /** The protocol's handler while this one stays in the path (an untrusted peer); null otherwise. */
    private Handler inner;

    ProxyHandler(ProxyLayer layer, HandlerFactory next) {
        this.layer = layer;
        this.next = next;
    }

    @Override
    public void onOpen(Connection c) {
        if (layer.trusts(c.remoteAddress().getAddress())) {
            state = State.AWAITING_HEADER;
            decoder = new ProxyDecoder();
            c.deadline(HEADER_TIMEOUT, "no PROXY header within " + HEADER_TIMEOUT.toSeconds() + "s");
        } else {
            state = State.SNIFFING;
            inner = next.newHandler();
            inner.onOpen(c);
        }
    }

    @Override
    public void onData(Connection c, ByteBuffer data) {
        switch (state) {
            case PASSING -> inner.onData(c, data);
            case SNIFFING -> {
                state = State.PASSING;
                if (ProxyDecoder.startsWithSignature(data)) {
                    data.position(data.limit());
                    refuse(c, ProxyFailures.Kind.UNTRUSTED, "a PROXY header from an address not in accept_proxy_from");
                    return;
                }
                inner.onData(c, data);
            }
            case AWAITING_HEADER -> header(c, data);
        }
    }

    private void header(Connection c, ByteBuffer data) {
        boolean done;
        try {
            done = decoder.decode(data, c.remoteAddress(), c.localAddress());
        } catch (ProxyHeaderException e) {
            data.position(data.limit());
            refuse(c, e.missing() ? ProxyFailures.Kind.MISSING : ProxyFailures.Kind.MALFORMED, e.getMessage());
            return;
        }
        if (!done) {
            return;
        }
        ProxiedClient client = decoder.result();
        decoder = null;
        layer.failures().read(client.version());
        c.clearDeadline();
        if (client.relayed()) {
            log.debug("conn#{} is {} (PROXY v{} from {})", c.id(), client.source(), client.version(),
                    c.remoteAddress());
        }
        if (c instanceof AbstractConnection a) {
            a.proxied(client);
        }
        c.upgrade(next.newHandler(), data); // the bytes after the header are the protocol's
    }

    private void refuse(Connection c, ProxyFailures.Kind kind, String why) {
        layer.failures().failed(kind, String.valueOf(c.remoteAddress()), why);
        if (c instanceof AbstractConnection a) {
            a.close(CloseReason.PROTOCOL_ERROR, "proxy " + kind.key() + ": " + why);
        } else {
            c.close(CloseReason.PROTOCOL_ERROR);
        }
    }

    @Override
    public void onWritabilityChanged(Connection c, boolean writable) {
        if (inner != null) {
            inner.onWritabilityChanged(c, writable);
        }
    }

    @Override
    public void onInputEnded(Connection c) {
        if (state == State.AWAITING_HEADER && c.bytesIn() > 0) { // none at all: a TCP health check, a port probe
            layer.failures().failed(ProxyFailures.Kind.MISSING, String.valueOf(c.remoteAddress()),
                    "the peer closed before its PROXY header was complete");
        } else if (inner != null) {
            inner.onInputEnded(c);
        }
    }

    @Override
    public boolean closeOnInputEnded() {
        return inner == null || inner.closeOnInputEnded();
    }

    @Override
    public void onClose(Connection c) {
        if (inner != null) {
            inner.onClose(c);
        }
    }
}
