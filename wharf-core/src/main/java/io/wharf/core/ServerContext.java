package io.wharf.core;

import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.stats.ServerStats;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What every engine shares with the server: settings, the handler factory, the live limits, the registry
 * of open connections and the stats. Threading: safe from any thread; limits and the draining flag are
 * volatile and swapped whole.
 */
public final class ServerContext {

    private final ServerSettings settings;
    private final HandlerFactory handlerFactory;
    private final ServerStats stats;
    private final ConnectionRegistry connections;
    private final AtomicLong ids = new AtomicLong();
    private volatile Limits limits;
    private volatile boolean draining;

    public ServerContext(ServerSettings settings, HandlerFactory handlerFactory, ServerStats stats) {
        this.settings = settings;
        this.handlerFactory = handlerFactory;
        this.stats = stats;
        this.limits = settings.limits();
        this.connections = new ConnectionRegistry(this);
    }

    public ServerSettings settings() {
        return settings;
    }

    public HandlerFactory handlerFactory() {
        return handlerFactory;
    }

    public ServerStats stats() {
        return stats;
    }

    public ConnectionRegistry connections() {
        return connections;
    }

    public Limits limits() {
        return limits;
    }

    void limits(Limits limits) {
        this.limits = limits;
    }

    public boolean draining() {
        return draining;
    }

    void startDraining() {
        this.draining = true;
    }

    public long nextConnectionId() {
        return ids.incrementAndGet();
    }
}
