package io.wharf.core;

import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.stats.ServerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A running server: a bound listener, one {@link Engine} for the chosen model, the reaper, and the
 * lifecycle (graceful drain, live limits). Threading: the control methods may be called from any thread
 * (signal handlers, tests); {@link #shutdown} and {@link #close} are idempotent.
 */
public final class Server implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Server.class);

    private final ServerContext context;
    private final ServerSocketChannel listener;
    private final Engine engine;
    private final ConnectionReaper reaper;
    private final InetSocketAddress localAddress;
    private volatile boolean stopped;
    private final java.util.concurrent.atomic.AtomicBoolean acceptingStopped = new java.util.concurrent.atomic.AtomicBoolean();

    private Server(ServerContext context, ServerSocketChannel listener, Engine engine) throws IOException {
        this.context = context;
        this.listener = listener;
        this.engine = engine;
        this.localAddress = (InetSocketAddress) listener.getLocalAddress();
        this.reaper = new ConnectionReaper(context);
    }

    /** Binds and starts serving. Fails with a one-line {@link StartupException} the user can act on. */
    public static Server start(ServerSettings settings, HandlerFactory handlers) throws StartupException {
        return start(settings, handlers, new ServerStats());
    }

    public static Server start(ServerSettings settings, HandlerFactory handlers, ServerStats stats)
            throws StartupException {
        ServerSocketChannel listener = Listener.bind(settings);
        ServerContext context = new ServerContext(settings, handlers, stats);
        Engine engine = Engines.create(settings.model());
        stats.model(settings.model().id(), engine::gauges);
        try {
            Server server = new Server(context, listener, engine);
            engine.start(listener, context);
            log.info("listening on {} ({} model: {})", ConnectionRegistry.format(server.localAddress),
                    settings.model().id(), settings.model().description());
            return server;
        } catch (IOException e) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new StartupException("cannot start the " + settings.model().id() + " model: " + e.getMessage(), e);
        }
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public ServerStats stats() {
        return context.stats();
    }

    public ServerSettings settings() {
        return context.settings();
    }

    public Limits limits() {
        return context.limits();
    }

    /** Applies new limits to every connection from now on (SIGHUP reload). */
    public void limits(Limits limits) {
        context.limits(limits);
    }

    /**
     * Graceful stop: stop accepting, wait up to {@code drainTimeout} for open connections to finish,
     * then close what is left. Returns true when every connection finished by itself.
     */
    public boolean shutdown(Duration drainTimeout) {
        if (stopped) {
            return true;
        }
        // the listener closes before connections learn of the drain: a client told "Connection: close" then
        // reconnects to a listener still open (another prefork worker), not into this one's doomed accept queue
        stopAccepting();
        context.startDraining();
        int open = context.connections().size();
        if (open > 0) {
            log.info("draining {} open connection(s), up to {}s", open, drainTimeout.toSeconds());
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (context.connections().size() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000);
        }
        boolean clean = context.connections().size() == 0;
        if (!clean) {
            log.warn("drain timeout: closing {} connection(s) still open", context.connections().size());
        }
        close();
        return clean;
    }

    /** Immediate stop: every connection is dropped. */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        context.startDraining();
        stopAccepting();
        context.connections().abortAll("server stopping");
        engine.close();
        reaper.close();
        log.info("stopped");
    }

    /**
     * Stops accepting and closes the listener; open connections are served on, not yet told of any drain.
     * Idempotent. The prefork master has every worker do this before any of them drains, so no client is told
     * to reconnect to a sibling whose listener is about to close.
     */
    public void stopAccepting() {
        if (acceptingStopped.compareAndSet(false, true)) {
            engine.stopAccepting();
            closeListener();
        }
    }

    private void closeListener() {
        try {
            listener.close();
        } catch (IOException e) {
            log.debug("closing listener: {}", e.toString());
        }
    }
}
