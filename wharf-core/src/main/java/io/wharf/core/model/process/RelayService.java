package io.wharf.core.model.process;

import io.wharf.core.config.Config;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.stats.ServerStats;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code process} model's side of a listener: each connection's handler is a {@link Relay} that starts a
 * child process running the protocol's real handler and copies bytes between the client and the child's
 * stdin/stdout. The accepting listener (a virtual thread per connection, {@link ProcessEngine}) keeps doing
 * what it does for every model: max_connections, idle and write timeouts, logs, stats, the drain.
 *
 * <p>Threading: thread-safe; handlers are made by accepting threads, {@link #draining} and
 * {@link #reconfigure} come from the control thread.
 */
public final class RelayService implements ProtocolService {

    private final ProtocolService protocol;
    private final ChildLauncher launcher;
    private final String listener;
    private final List<String> jvmOptions;
    private final ServerStats stats;
    private final ChildCounters children;
    private final HandlerFactory relays = () -> new Relay(this);
    private final Set<Relay> live = ConcurrentHashMap.newKeySet();

    /** @param protocol the protocol's own service in this process: its busy reply, its reload, its shutdown */
    public RelayService(ProtocolService protocol, ChildLauncher launcher, String listener, int maxChildren,
                        List<String> jvmOptions, ServerStats stats) {
        this.protocol = protocol;
        this.launcher = launcher;
        this.listener = listener;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.stats = stats;
        this.children = new ChildCounters(maxChildren);
    }

    @Override
    public HandlerFactory handlers() {
        return relays;
    }

    @Override
    public byte[] busyReply(String reason) {
        return protocol.busyReply(reason);
    }

    @Override
    public void reconfigure(Config config) {
        children.max(config.get(CoreKeys.MAX_CHILDREN));
        protocol.reconfigure(config);
    }

    /** Tells every live child the server is draining (SIGTERM), so keep-alive protocols finish and close. */
    @Override
    public void draining() {
        live.forEach(Relay::drain);
        protocol.draining();
    }

    @Override
    public boolean holdsDrain() {
        return protocol.holdsDrain();
    }

    @Override
    public void shutdown() {
        protocol.shutdown();
    }

    /** The model's gauges: children live, started, crashed, and their start-up cost. */
    public Map<String, Long> gauges() {
        return children.gauges();
    }

    List<String> childCommand(long id, String remote, String local) {
        return launcher.command(listener, id, remote, local, jvmOptions);
    }

    ChildCounters children() {
        return children;
    }

    ServerStats stats() {
        return stats;
    }

    void opened(Relay r) {
        live.add(r);
    }

    void closed(Relay r) {
        live.remove(r);
    }
}
