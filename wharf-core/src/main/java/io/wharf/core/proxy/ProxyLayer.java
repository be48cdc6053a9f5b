package io.wharf.core.proxy;

import io.wharf.core.ServerContext;
import io.wharf.core.config.Config;
import io.wharf.core.layer.Layer;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.stats.ServerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;

/**
 * PROXY protocol input on one listener ({@code accept_proxy = on}): the outermost {@link Layer}, in front of TLS
 * if the listener has it, since the header comes first on the wire. Each connection gets a {@link ProxyHandler}:
 * from an address in {@code accept_proxy_from} it must start with a header, whose client then is the
 * connection's {@code remoteAddress()}; from any other address it is served as it is, unless it starts with a
 * header, which is refused (a client cannot claim to be someone else).
 *
 * <p>Threading: thread-safe; the trusted sources are swapped whole on SIGHUP.
 */
public final class ProxyLayer implements Layer {

    private static final Logger log = LoggerFactory.getLogger("wharf.proxy");

    private final String listener;
    private final Layer inner;
    private final ProxyFailures failures;
    private volatile TrustedSources trusted;

    private ProxyLayer(String listener, Layer inner, TrustedSources trusted) {
        this.listener = listener;
        this.inner = inner;
        this.trusted = trusted;
        this.failures = new ProxyFailures(listener);
    }

    /** The layer a listener with config {@code c} needs: {@code inner} behind PROXY input if it is on, else {@code inner}. */
    public static Layer of(String listener, Config c, Layer inner, ServerStats stats) {
        if (!c.get(ProxyKeys.ACCEPT_PROXY)) {
            return inner;
        }
        ProxyLayer layer = new ProxyLayer(listener, inner, c.get(ProxyKeys.ACCEPT_PROXY_FROM));
        stats.publish(ProxyFailures.class, layer.failures);
        log.info("{}: accept_proxy on: a PROXY header (v1 or v2) is required from {}", listener, layer.trusted);
        return layer;
    }

    @Override
    public HandlerFactory wrap(HandlerFactory protocol, ServerContext context) {
        HandlerFactory next = inner.wrap(protocol, context);
        return () -> new ProxyHandler(this, next);
    }

    @Override
    public boolean plainRefusals() {
        return false; // the peer is a proxy expecting to send its header first, not a client to answer
    }

    @Override
    public void reconfigure(Config config) {
        TrustedSources fresh = config.get(ProxyKeys.ACCEPT_PROXY_FROM);
        if (!fresh.equals(trusted)) {
            trusted = fresh;
            log.info("{}: accept_proxy_from = {} (applied)", listener, fresh);
        }
        inner.reconfigure(config);
    }

    @Override
    public void close() {
        inner.close();
    }

    boolean trusts(InetAddress peer) {
        return trusted.contains(peer);
    }

    ProxyFailures failures() {
        return failures;
    }

    String listener() {
        return listener;
    }
}
