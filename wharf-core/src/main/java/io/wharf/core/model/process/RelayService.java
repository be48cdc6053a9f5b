package io.wharf.core.model.process;

import io.wharf.core.ServerContext;
import io.wharf.core.config.Config;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.stats.ServerStats;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code process} model's side of a listener: each connection's handler is a {@link Relay} that takes a
 * child process running the protocol's real handler from the {@link SparePool}, and either hands it the
 * client's socket ({@link Handoff}) or copies bytes between the client and the child's stdin/stdout. The
 * accepting listener (a virtual thread per connection, {@link ProcessEngine}) keeps doing what it does for every
 * model: max_connections, idle and write timeouts, logs, stats, the drain. It is a plain service whose handlers
 * a layer (TLS, say) may wrap: then the accepting process terminates that layer and the bytes are relayed.
 *
 * <p>Threading: thread-safe; handlers are made by accepting threads, {@link #draining} and
 * {@link #reconfigure} come from the control thread.
 */
public final class RelayService implements ProtocolService {

    private final ProtocolService protocol;
    private final ServerStats stats;
    private final ChildCounters children;
    private final ProtocolTotals totals;
    private final Handoff handoff;
    private final SparePool pool;
    private final HandlerFactory relays = () -> new Relay(this);
    private final ChildLauncher launcher;
    private final String listener;
    private final Set<Relay> live = ConcurrentHashMap.newKeySet();

    /** @param protocol the protocol's own service in this process: its busy reply, its reload, its shutdown */
    public RelayService(ProtocolService protocol, ChildLauncher launcher, String listener, ChildSettings settings,
                        ServerStats stats) {
        this.protocol = protocol;
        this.launcher = launcher;
        this.listener = listener;
        this.stats = stats;
        this.children = new ChildCounters(settings.maxChildren());
        this.totals = new ProtocolTotals(stats);
        // the protocol's counters live in the children: its stats routes here read the sum, as under prefork
        stats.cluster(() -> Optional.of(totals.cluster()));
        this.handoff = new Handoff(listener, settings.fdPassing());
        List<String> jvmOptions = List.copyOf(settings.jvmOptions());
        this.pool = new SparePool(listener, children, settings.minSpare(), settings.maxSpare(),
                () -> launcher.command(listener, handoff.childOptions(), jvmOptions), handoff::forget);
    }

    @Override
    public HandlerFactory handlers() {
        return relays;
    }

    @Override
    public byte[] busyReply(String reason) {
        return protocol.busyReply(reason);
    }

    /**
     * Starts the control socket and the spares: the listener is about to accept.
     *
     * @throws IllegalStateException if the host cannot start children at all ({@link ChildLauncher#NONE})
     */
    void start(ServerContext context) {
        launcher.command(listener, List.of(), List.of()); // a host that cannot start children fails here, once
        handoff.start(context);
        pool.start(context);
    }

    /** The listener accepts no more: no more spares, the waiting ones are stopped. */
    void stopSpares() {
        pool.stop();
    }

    void close() {
        pool.close();
        handoff.close();
    }

    @Override
    public void reconfigure(Config config) {
        children.max(config.get(CoreKeys.MAX_CHILDREN));
        pool.reconfigure(config.get(CoreKeys.MIN_SPARE_CHILDREN), config.get(CoreKeys.MAX_SPARE_CHILDREN));
        protocol.reconfigure(config);
    }

    /** Tells every live child the server is draining (SIGTERM), so keep-alive protocols finish and close. */
    @Override
    public void draining() {
        pool.stop();
        live.forEach(Relay::drain);
        protocol.draining();
    }

    @Override
    public boolean holdsDrain() {
        return protocol.holdsDrain();
    }

    @Override
    public void shutdown() {
        close();
        protocol.shutdown();
    }

    /** The model's gauges: children live, started, crashed, their start-up cost, and the spares. */
    public Map<String, Long> gauges() {
        Map<String, Long> g = new java.util.HashMap<>(children.gauges());
        g.putAll(pool.gauges());
        g.put("children_fd_passing", handoff.enabled() ? 1L : 0L);
        return g;
    }

    ChildCounters children() {
        return children;
    }

    SparePool pool() {
        return pool;
    }

    Handoff handoff() {
        return handoff;
    }

    ServerStats stats() {
        return stats;
    }

    ProtocolTotals totals() {
        return totals;
    }

    void opened(Relay r) {
        live.add(r);
    }

    void closed(Relay r) {
        live.remove(r);
    }
}
