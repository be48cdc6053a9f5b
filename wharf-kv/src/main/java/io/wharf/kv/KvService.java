package io.wharf.kv;

import io.wharf.kv.command.KvState;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One kv listener: its key space ({@link KvState}) and the active expiry cycle, which runs {@code hz} times a
 * second on a thread of its own and spends at most a quarter of each period.
 *
 * <p>Threading: as {@link ProtocolService}; the handlers share the state, which is thread-safe.
 */
public final class KvService implements ProtocolService {

    private final KvState state;
    private final ScheduledExecutorService expirer;
    private final java.util.Set<io.wharf.core.spi.Connection> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public KvService(KvSettings settings) {
        this(settings, null);
    }

    /**
     * A service whose data persists as {@code persist} says (null: none); what is on disk is loaded first.
     *
     * @throws io.wharf.kv.persist.PersistenceException when it cannot be loaded
     */
    public KvService(KvSettings settings, io.wharf.kv.persist.PersistSettings persist) {
        this(settings, persist, io.wharf.kv.store.Eviction.NONE);
    }

    /** As above, with {@code maxmemory} and its policy. */
    public KvService(KvSettings settings, io.wharf.kv.persist.PersistSettings persist,
                     io.wharf.kv.store.Eviction eviction) {
        this.state = new KvState(settings, persist, eviction);
        HeapReturn.apply();
        // SHUTDOWN: the data is saved by then; stopping the JVM runs the host's shutdown hooks
        state.shutdownAction(() -> Runtime.getRuntime().exit(0));
        this.expirer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wharf-kv-expire");
            t.setDaemon(true);
            return t;
        });
        long period = TimeUnit.SECONDS.toNanos(1) / settings.hz();
        long budget = io.wharf.kv.store.Keyspace.budgetNanos(settings.hz());
        expirer.scheduleWithFixedDelay(() -> state.keyspace().activeExpireCycle(budget), period, period,
                TimeUnit.NANOSECONDS);
    }

    public KvState state() {
        return state;
    }

    @Override
    public HandlerFactory handlers() {
        return () -> new KvHandler(state, open);
    }

    /**
     * A graceful drain closes every client once what it was sent has gone, as Redis's SHUTDOWN does: Redis
     * clients keep their connections open, so waiting for them to leave would only wait out the drain timeout.
     */
    @Override
    public void draining() {
        for (io.wharf.core.spi.Connection c : open) {
            c.close();
        }
    }

    /** Redis's answer to a client past {@code maxclients}. */
    @Override
    public byte[] busyReply(String reason) {
        return "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The server stops: the AOF is synced and, with save rules, the RDB file written (as Redis on SIGTERM),
     * then the persistence threads end.
     */
    @Override
    public void shutdown() {
        expirer.shutdownNow();
        state.shutdown();
        io.wharf.kv.persist.Persistence p = state.persistence();
        if (p != null) {
            String error = p.shutdown(false, false);
            if (error != null) {
                org.slf4j.LoggerFactory.getLogger(KvService.class).error("saving at shutdown failed: {}", error);
            }
            p.close();
        }
    }
}
