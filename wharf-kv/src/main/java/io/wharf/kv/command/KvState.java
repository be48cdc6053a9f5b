package io.wharf.kv.command;

import io.wharf.kv.KvSettings;
import io.wharf.kv.store.Keyspace;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every connection of one kv listener shares: the key space, the settings, the command table, the
 * connected clients (for INFO and, later, CLIENT LIST) and the counters INFO shows.
 *
 * <p>Threading: thread-safe; the key space itself is guarded by its lock.
 */
public final class KvState {

    /** The Redis version wharf answers as: the one its replies are compared with. */
    public static final String REDIS_VERSION = "7.0.15";

    private final KvSettings settings;
    private final Keyspace keyspace;
    private final CommandTable commands;
    private final Map<Long, Session> clients = new ConcurrentHashMap<>();
    private final AtomicLong nextClientId = new AtomicLong(1);
    private final AtomicLong connectionsReceived = new AtomicLong();
    private final AtomicLong commandsProcessed = new AtomicLong();
    private final long startedMillis = System.currentTimeMillis();
    private final String runId;
    private volatile int tcpPort;

    private final io.wharf.kv.persist.Persistence persistence;
    private volatile Runnable shutdownAction = () -> { };

    public KvState(KvSettings settings) {
        this(settings, null);
    }

    /**
     * The state of one service; with {@code persist} settings, what is on disk is loaded first (the AOF
     * replayed through an internal client, as Redis's fake client).
     *
     * @throws io.wharf.kv.persist.PersistenceException when a file cannot be loaded
     */
    public KvState(KvSettings settings, io.wharf.kv.persist.PersistSettings persist) {
        this(settings, persist, io.wharf.kv.store.Eviction.NONE);
    }

    /** As above, with {@code maxmemory} and its policy. */
    public KvState(KvSettings settings, io.wharf.kv.persist.PersistSettings persist,
                   io.wharf.kv.store.Eviction eviction) {
        this.settings = settings;
        this.keyspace = new Keyspace(settings.databases());
        keyspace.eviction(eviction);
        this.commands = CommandTable.standard();
        if (persist == null) {
            this.persistence = null;
        } else {
            Session loader = new Session(this, null, true);
            this.persistence = new io.wharf.kv.persist.Persistence(persist, keyspace, argv -> {
                loader.execute(argv);
                loader.reply().take();
            }, keyspace::usedMemory);
        }
        StringBuilder id = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 40; i++) {
            id.append(Character.forDigit(r.nextInt(16), 16));
        }
        this.runId = id.toString();
    }

    public KvSettings settings() {
        return settings;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public CommandTable commands() {
        return commands;
    }

    /** Persistence (AOF, RDB), or null for a service without it (tests that need none). */
    public io.wharf.kv.persist.Persistence persistence() {
        return persistence;
    }

    /**
     * Why a write command may not run now (Redis's checks in {@code processCommand}): {@code -MISCONF} while
     * the AOF cannot be written; null when it may. Under the lock.
     */
    String writeRefusal(Command command) {
        return persistence == null ? null : persistence.writeRefusal();
    }

    /** What SHUTDOWN does once the data is saved: the service stops the process. */
    public void shutdownAction(Runnable action) {
        this.shutdownAction = action;
    }

    Runnable shutdownAction() {
        return shutdownAction;
    }

    long nextClientId() {
        return nextClientId.getAndIncrement();
    }

    void register(Session session) {
        connectionsReceived.incrementAndGet();
        clients.put(session.id(), session);
    }

    void unregister(Session session) {
        clients.remove(session.id());
    }

    public int connectedClients() {
        return clients.size();
    }

    long connectionsReceived() {
        return connectionsReceived.get();
    }

    void commandProcessed() {
        commandsProcessed.incrementAndGet();
    }

    long commandsProcessed() {
        return commandsProcessed.get();
    }

    long startedMillis() {
        return startedMillis;
    }

    String runId() {
        return runId;
    }

    /** The port INFO reports; the service sets it once the listener is bound. */
    public void tcpPort(int port) {
        this.tcpPort = port;
    }

    int tcpPort() {
        return tcpPort;
    }
}
