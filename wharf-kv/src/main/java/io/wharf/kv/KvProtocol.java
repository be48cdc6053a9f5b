package io.wharf.kv;

import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.spi.Need;
import io.wharf.core.spi.Protocol;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.spi.ServiceContext;

import java.util.List;
import java.util.Set;

/**
 * {@code wharf serve kv}: a Redis-compatible key-value server on port 6379. Config section {@code [kv]}
 * ({@link KvKeys}).
 *
 * <p>One key space is shared by every connection, and clients stay connected: it needs
 * {@link Need#SHARED_STATE} and {@link Need#CONCURRENT_CLIENTS}.
 *
 * <p>Threading: stateless; {@link #start} is called once per listener and gives each listener its own key space.
 */
public final class KvProtocol implements Protocol {

    public static final int DEFAULT_PORT = 6379;

    @Override
    public String name() {
        return "kv";
    }

    @Override
    public String description() {
        return "Redis-compatible key-value server (RESP2/RESP3): strings, keys, hashes, lists, sets, sorted sets, blocking pops, transactions, pub/sub; for redis-cli and Redis clients";
    }

    @Override
    public int defaultPort() {
        return DEFAULT_PORT;
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        List<ConfigKey<?>> all = new java.util.ArrayList<>(KvKeys.ALL);
        all.addAll(io.wharf.kv.persist.PersistKeys.ALL);
        all.addAll(io.wharf.kv.store.MemoryKeys.ALL);
        return all;
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.SHARED_STATE, Need.CONCURRENT_CLIENTS);
    }

    @Override
    public ProtocolService start(ServiceContext context) throws io.wharf.core.StartupException {
        KvService service;
        try {
            service = start(context.config());
        } catch (io.wharf.kv.persist.PersistenceException e) {
            throw new io.wharf.core.StartupException(e.getMessage());
        }
        Integer port = context.config().get(io.wharf.core.config.CoreKeys.PORT);
        service.state().tcpPort(port == null ? DEFAULT_PORT : port);
        return service;
    }

    /** The service for a resolved config (tests start it without a host). */
    public static KvService start(Config config) {
        KvService service = new KvService(KvSettings.from(config), io.wharf.kv.persist.PersistSettings.from(config),
                io.wharf.kv.store.MemoryKeys.eviction(config));
        // after the load: the AOF's replay is no client's work, and makes no span
        service.state().spans(io.wharf.kv.command.KvSpans.of(io.wharf.tracing.Tracing.acquire(config)));
        return service;
    }
}
