package io.wharf.cli.process;

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
 * The {@code process} model, as the service of an in-process listener: each connection's handler is a
 * {@link Relay} that starts a child JVM running the protocol's real handler and copies bytes between the
 * client and the child's stdin/stdout. The accepting server (the virtual-thread engine) keeps doing what it
 * does for every model: max_connections, idle and write timeouts, logs, stats, the drain.
 *
 * <p>Threading: thread-safe; {@link #newHandler} is called by accepting threads, {@link #drain} by the control
 * thread.
 */
public final class RelayFactory implements ProtocolService {

    private final ProtocolService protocol;
    private final HandlerFactory relays = () -> new Relay(this);
    private final ChildJvm jvm;
    private final List<String> jvmOptions;
    private final List<String> serveArgs;
    private final ServerStats stats;
    private final ChildCounters children;
    private final Set<Relay> live = ConcurrentHashMap.newKeySet();

    /**
     * @param protocol  the protocol's own service in this process: its busy reply, its reload, its shutdown
     * @param serveArgs the {@code serve} arguments a child resolves its config from, naming the listener
     */
    public RelayFactory(ProtocolService protocol, ChildJvm jvm, Config config, List<String> serveArgs,
                        ServerStats stats) {
        this.protocol = protocol;
        this.jvm = jvm;
        this.jvmOptions = MultiProcessKeys.childJvmOptions(config);
        this.serveArgs = List.copyOf(serveArgs);
        this.stats = stats;
        this.children = new ChildCounters(config.get(CoreKeys.MAX_CHILDREN));
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

    @Override
    public void shutdown() {
        protocol.shutdown();
    }

    /** Tells every live child the server is draining (SIGTERM), so keep-alive protocols finish and close. */
    @Override
    public void draining() {
        live.forEach(Relay::drain);
        protocol.draining();
    }

    /** The model's gauges, for {@link ServerStats#model}. */
    public Map<String, Long> gauges() {
        return children.gauges();
    }

    List<String> childCommand(long id, String remote, String local) {
        List<String> args = new java.util.ArrayList<>(List.of("__conn", "--id", Long.toString(id),
                "--remote", remote, "--local", local));
        args.addAll(serveArgs); // --listener NAME -- <serve arguments>
        return jvm.command(jvmOptions, args);
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
