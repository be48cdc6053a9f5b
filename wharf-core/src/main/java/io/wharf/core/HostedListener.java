package io.wharf.core;

import io.wharf.core.spi.ListenerView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running listener of a {@link Host}: its bound socket, the engine serving it, and its context.
 * Threading: the control methods are safe from any thread and idempotent.
 */
public final class HostedListener {

    private static final Logger log = LoggerFactory.getLogger(HostedListener.class);

    private final String protocol;
    private final ServerContext context;
    private final ServerSocketChannel channel;
    private final Engine engine;
    private final InetSocketAddress localAddress;
    private final AtomicBoolean acceptingStopped = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    HostedListener(String protocol, ServerContext context, ServerSocketChannel channel, Engine engine)
            throws IOException {
        this.protocol = protocol;
        this.context = context;
        this.channel = channel;
        this.engine = engine;
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
    }

    public String name() {
        return context.name();
    }

    public String protocol() {
        return protocol;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public ServerContext context() {
        return context;
    }

    public ServerSettings settings() {
        return context.settings();
    }

    public Limits limits() {
        return context.limits();
    }

    /** Applies new limits to every connection of this listener from now on (SIGHUP). */
    public void limits(Limits limits) {
        context.limits(limits);
    }

    public int openConnections() {
        return context.connections().size();
    }

    ListenerView view() {
        return new ListenerView(name(), protocol, context.settings().model().id(), localAddress, context.stats());
    }

    void start() throws IOException {
        engine.start(channel, context);
        context.stats().model(context.settings().model().id(), engine::gauges);
        log.info("{}: {} listening on {} ({} model: {})", name(), protocol, ConnectionRegistry.format(localAddress),
                context.settings().model().id(), context.settings().model().description());
    }

    /**
     * Stops accepting and closes the socket; open connections are served on, not yet told of any drain, so a
     * client told to reconnect finds a listener still open (another prefork worker), not this doomed queue.
     */
    public void stopAccepting() {
        if (acceptingStopped.compareAndSet(false, true)) {
            engine.stopAccepting();
            closeChannel();
        }
    }

    /** Tells the connections and the protocol that a graceful drain has begun. */
    void startDraining() {
        if (!context.draining()) {
            context.startDraining();
            try {
                context.service().draining();
            } catch (RuntimeException e) {
                log.warn("{}: the {} service failed to start draining: {}", name(), protocol, e.toString(), e);
            }
        }
    }

    /** Drops every connection, stops the engine and shuts the service down. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        context.startDraining();
        stopAccepting();
        context.connections().abortAll("server stopping");
        engine.close();
        context.layer().close();
        try {
            context.service().shutdown();
        } catch (RuntimeException e) {
            log.warn("{}: the {} service failed to shut down: {}", name(), protocol, e.toString(), e);
        }
        log.info("{}: stopped", name());
    }

    /** Closes a socket that was bound but never started (a sibling failed to bind). */
    static void closeUnstarted(ServerSocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("{}: closing listener: {}", name(), e.toString());
        }
    }
}
