package io.wharf.balance;

import io.opentelemetry.api.trace.Span;
import io.wharf.core.config.Config;
import io.wharf.core.proxy.ProxyHeader;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.spi.ServiceContext;
import io.wharf.tracing.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One balancer listener: its backends, algorithm, health checker and live settings; makes a
 * {@link ProxySession} per client.
 *
 * <p>Threading: {@link #pick} and the accessors run on every serving thread at once; the settings are
 * volatile and replaced whole by {@link #reconfigure}, on the controlling thread.
 */
final class BalanceService implements ProtocolService {

    private static final Logger log = LoggerFactory.getLogger("wharf.balance");

    private final String listener;
    private final BackendPool pool;
    private final Balancer balancer;
    private final HealthChecker checker;
    private final BalanceCounters counters;
    private final AtomicBoolean allDown = new AtomicBoolean();
    private volatile int retries;
    private volatile Duration connectTimeout;
    private volatile String sendProxy;
    private volatile BusyReply busyReply;
    private final Tracing tracing;
    /** Null when tracing is off: then a session costs this one check. */
    private final BalanceSpans spans;

    BalanceService(ServiceContext context) {
        Config c = context.config();
        this.listener = context.listener();
        this.pool = new BackendPool(listener, c.get(BalanceProtocol.BACKENDS));
        this.balancer = Balancer.named(c.get(BalanceProtocol.ALGORITHM));
        this.retries = c.get(BalanceProtocol.RETRIES);
        this.connectTimeout = c.get(BalanceProtocol.CONNECT_TIMEOUT);
        this.sendProxy = c.get(BalanceProtocol.SEND_PROXY);
        this.busyReply = BusyReply.of(c);
        this.tracing = Tracing.acquire(c);
        this.spans = tracing.enabled() ? new BalanceSpans(tracing, listener) : null;
        this.checker = new HealthChecker(listener, pool, HealthSettings.of(c), this::backendDown);
        this.counters = new BalanceCounters(pool);
        context.stats().publish(BalanceCounters.class, counters);
        context.stats().publish(io.wharf.core.stats.ProtocolSeries.class, counters);
    }

    @Override
    public HandlerFactory handlers() {
        return () -> new ProxySession(this);
    }

    /**
     * The backend for a client, among the available ones not in {@code tried}; null when none is left, which
     * is logged once while every backend stays down.
     */
    Backend pick(InetSocketAddress client, Set<Backend> tried) {
        List<Backend> all = pool.current();
        Backend b = balancer.pick(all, x -> x.available() && !tried.contains(x), client);
        if (b != null) {
            if (allDown.get() && allDown.compareAndSet(true, false)) {
                log.info("[listener.{}] a backend is up again: serving clients", listener);
            }
        } else if (all.stream().noneMatch(Backend::available) && allDown.compareAndSet(false, true)) {
            log.warn("[listener.{}] every backend is down ({}): clients get {} until one is back", listener,
                    all.isEmpty() ? "none configured" : String.join(", ", all.stream().map(Backend::name).toList()),
                    busyReply.describe());
        }
        return b;
    }

    int retries() {
        return retries;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The PROXY protocol header to send a backend for {@code client} first ({@code send_proxy}); empty when
     * off. A v2 header carries the session's trace context ({@code span}, null when not traced) as a TLV.
     */
    byte[] proxyHeader(io.wharf.core.spi.Connection client, Span span) {
        return switch (sendProxy) {
            case "v1" -> ProxyHeader.v1(client.remoteAddress(), client.localAddress());
            case "v2" -> ProxyHeader.v2(client.remoteAddress(), client.localAddress(),
                    span == null ? Map.of() : spans.traceTlv(span));
            default -> new byte[0];
        };
    }

    /** The session spans; null when tracing is off. */
    BalanceSpans spans() {
        return spans;
    }

    BusyReply busyReply() {
        return busyReply;
    }

    /** A client turned away at the door ({@code max_connections}) gets the same reply as one no backend takes. */
    @Override
    public byte[] busyReply(String reason) {
        return busyReply.bytes("server busy: " + reason);
    }

    String listener() {
        return listener;
    }

    HealthChecker checker() {
        return checker;
    }

    BalanceCounters counters() {
        return counters;
    }

    /** The backends now, then the removed ones still draining (for tests and stats). */
    List<Backend> backends() {
        return pool.everything();
    }

    private void backendDown(Backend b) {
        if (checker.settings().shutdownSessions()) {
            int n = b.sessions.size();
            b.sessions.forEach(ProxySession::shutdown);
            if (n > 0) {
                log.info("[listener.{}] on_down = shutdown_sessions: closed {} session(s) of {}", listener, n, b.name());
            }
        }
    }

    @Override
    public void reconfigure(Config config) {
        pool.reconfigure(config.get(BalanceProtocol.BACKENDS));
        retries = config.get(BalanceProtocol.RETRIES);
        connectTimeout = config.get(BalanceProtocol.CONNECT_TIMEOUT);
        sendProxy = config.get(BalanceProtocol.SEND_PROXY);
        busyReply = BusyReply.of(config);
        checker.settings(HealthSettings.of(config));
    }

    @Override
    public void shutdown() {
        checker.close();
        tracing.release(); // the last user's flushes the batched spans
    }
}
