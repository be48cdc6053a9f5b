package io.wharf.core;

import io.wharf.core.layer.Layer;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.stats.ServerStats;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one listener shares with its engine and connections: its name, settings, protocol service, live
 * limits, the registry of its open connections and its stats. Threading: safe from any thread; limits and
 * the draining flag are volatile and swapped whole.
 */
public final class ServerContext {

    private final String name;
    private final ServerSettings settings;
    private final ProtocolService service;
    private final HandlerFactory handlers;
    private final ServerStats stats;
    private final ConnectionRegistry connections;
    private final AtomicLong ids;
    private final Lingerer lingerer;
    private final Layer layer;
    private volatile Limits limits;
    private volatile boolean draining;
    /** The listener's context, for an outbound one; null for a listener's own. */
    private final ServerContext parent;
    private volatile ServerContext outbound;

    /** @param ids the host's connection ids, so an id names one connection across all listeners */
    ServerContext(String name, ServerSettings settings, ProtocolService service, ServerStats stats, AtomicLong ids,
                  Lingerer lingerer) {
        this(name, settings, service, stats, ids, lingerer, Layer.NONE);
    }

    /** @param layer what sits between the engine's connections and the protocol's handlers (TLS) */
    ServerContext(String name, ServerSettings settings, ProtocolService service, ServerStats stats, AtomicLong ids,
                  Lingerer lingerer, Layer layer) {
        this(name, settings, service, stats, ids, lingerer, layer, null);
    }

    private ServerContext(String name, ServerSettings settings, ProtocolService service, ServerStats stats,
                          AtomicLong ids, Lingerer lingerer, Layer layer, ServerContext parent) {
        this.parent = parent;
        this.lingerer = lingerer;
        this.layer = layer;
        this.name = name;
        this.settings = settings;
        this.service = service;
        this.handlers = layer.wrap(service.handlers(), this);
        this.stats = stats;
        this.ids = ids;
        this.limits = settings.limits();
        this.connections = new ConnectionRegistry(this);
    }

    /** The listener's name, as logs and stats show it. */
    public String name() {
        return name;
    }

    public ServerSettings settings() {
        return settings;
    }

    public ProtocolService service() {
        return service;
    }

    /** The factory engines use: the protocol's, wrapped by the listener's layer if it has one. */
    public HandlerFactory handlerFactory() {
        return handlers;
    }

    public Layer layer() {
        return layer;
    }

    public ServerStats stats() {
        return stats;
    }

    public ConnectionRegistry connections() {
        return connections;
    }

    public Limits limits() {
        return parent != null ? parent.limits() : limits;
    }

    /**
     * The context of the connections this listener's handlers open to others (created on first use): named
     * {@code NAME outbound}, with its own registry and stats, the listener's limits and drain.
     */
    public ServerContext outbound() {
        ServerContext o = outbound;
        if (o == null) {
            synchronized (this) {
                o = outbound;
                if (o == null) {
                    // a handler's connections out are its own bytes: no listener layer (TLS) wraps them
                    o = new ServerContext(name + " outbound", settings, service, new ServerStats(), ids, lingerer,
                            Layer.NONE, this);
                    outbound = o;
                }
            }
        }
        return o;
    }

    /** The outbound context if one was made, for the reaper. */
    ServerContext outboundIfAny() {
        return outbound;
    }

    void limits(Limits limits) {
        this.limits = limits;
    }

    public boolean draining() {
        return parent != null ? parent.draining() : draining;
    }

    void startDraining() {
        this.draining = true;
    }

    /** The host's lingerer, which every lingering close of this listener goes to. */
    Lingerer lingerer() {
        return lingerer;
    }

    public long nextConnectionId() {
        return ids.incrementAndGet();
    }
}
