package io.wharf.core;

import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.stats.ServerStats;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * A {@link Host} with one listener: what tests, benchmarks and embedders start when one port is all they
 * serve. Threading: the control methods may be called from any thread (signal handlers, tests);
 * {@link #shutdown} and {@link #close} are idempotent.
 */
public final class Server implements AutoCloseable {

    private final Host host;
    private final HostedListener listener;

    private Server(Host host, HostedListener listener) {
        this.host = host;
        this.listener = listener;
    }

    /** Binds and starts serving. Fails with a one-line {@link StartupException} the user can act on. */
    public static Server start(ServerSettings settings, HandlerFactory handlers) throws StartupException {
        return start(settings, handlers, new ServerStats());
    }

    public static Server start(ServerSettings settings, HandlerFactory handlers, ServerStats stats)
            throws StartupException {
        return start(settings, ProtocolService.of(handlers), stats);
    }

    /** Serves {@code service}; the server shuts the service down when it stops. */
    public static Server start(ServerSettings settings, ProtocolService service, ServerStats stats)
            throws StartupException {
        return start(settings, service, stats, io.wharf.core.layer.Layer.NONE);
    }

    /** Serves {@code service} behind {@code layer} (PROXY input, TLS). */
    public static Server start(ServerSettings settings, ProtocolService service, ServerStats stats,
                               io.wharf.core.layer.Layer layer) throws StartupException {
        Host host = new Host(settings.eventLoops(), settings.workerThreads());
        try {
            List<HostedListener> l = host.start(List.of(new ListenerSpec("server", "server", settings, service, stats,
                    io.wharf.core.model.process.ChildSettings.DEFAULTS, layer)));
            return new Server(host, l.get(0));
        } catch (StartupException e) {
            host.close();
            throw e;
        }
    }

    public InetSocketAddress localAddress() {
        return listener.localAddress();
    }

    public ServerStats stats() {
        return listener.context().stats();
    }

    /** The stats of the connections its handlers opened to others ({@link io.wharf.core.spi.Connection#connect}). */
    public ServerStats outboundStats() {
        return listener.context().outbound().stats();
    }

    public ServerSettings settings() {
        return listener.settings();
    }

    public Limits limits() {
        return listener.limits();
    }

    /** Applies new limits to every connection from now on (SIGHUP reload). */
    public void limits(Limits limits) {
        listener.limits(limits);
    }

    /**
     * Graceful stop: stop accepting, wait up to {@code drainTimeout} for open connections to finish,
     * then close what is left. Returns true when every connection finished by itself.
     */
    public boolean shutdown(Duration drainTimeout) {
        return host.shutdown(drainTimeout);
    }

    /** Immediate stop: every connection is dropped. */
    @Override
    public void close() {
        host.close();
    }

    /** Stops accepting and closes the listener; open connections are served on, not yet told of any drain. */
    public void stopAccepting() {
        listener.stopAccepting();
    }
}
