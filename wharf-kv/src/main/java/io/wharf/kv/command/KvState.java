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
    private final Waiters waiters;
    private final ClientPause pause;
    private final PubSub pubsub = new PubSub();
    private final InfoSections info;
    private final ConfigParams config = new ConfigParams();
    private final SlowLog slowLog = new SlowLog();
    private final CommandStats commandStats = new CommandStats();
    /** Under the key space's lock. */
    private long keyspaceHits;
    private long keyspaceMisses;
    private final java.util.Set<Session> monitors = new java.util.LinkedHashSet<>();
    /** Output for other clients made under the lock (messages, MONITOR lines), sent once it is released. */
    private final java.util.List<PubSub.Delivery> deliveries = new java.util.ArrayList<>();
    private volatile io.wharf.kv.OutputLimits outputLimits;
    private volatile java.util.Optional<String> requirepass;
    private final Watches watches;
    private final Map<Long, Session> clients = new ConcurrentHashMap<>();
    private final AtomicLong nextClientId = new AtomicLong(1);
    private final AtomicLong connectionsReceived = new AtomicLong();
    /** Under the key space's lock (counted and read by commands), so a plain long, not an atomic. */
    private long commandsProcessed;
    private final long startedMillis = System.currentTimeMillis();
    private final String runId;
    private volatile int tcpPort;
    /** Null while tracing is off; set once, before the listener accepts ({@link #spans(KvSpans)}). */
    private KvSpans spans;

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
        this.waiters = new Waiters(keyspace);
        this.pause = new ClientPause(this);
        waiters.pause(pause);
        this.outputLimits = settings.outputLimits();
        this.requirepass = settings.requirepass();
        this.info = new InfoSections(this);
        ServerCommands.infoSections(info);
        AdminCommands.configParams(this, config);
        this.watches = new Watches(keyspace);
        keyspace.watcher(new Keyspace.Watcher() {
            @Override
            public void stored(io.wharf.kv.store.Db db, byte[] key, Object value) {
                waiters.stored(db, key, value);
            }

            @Override
            public void swapped(io.wharf.kv.store.Db a, io.wharf.kv.store.Db b) {
                waiters.swapped(a, b);
                watches.swapped(a, b);
            }

            @Override
            public void flushing(io.wharf.kv.store.Db db) {
                watches.flushing(db);
            }
        });
        StringBuilder id = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 40; i++) {
            id.append(Character.forDigit(r.nextInt(16), 16));
        }
        this.runId = id.toString();
        // loaded last: the AOF's commands run through the whole command path, as Redis's fake client's
        if (persist == null) {
            this.persistence = null;
        } else {
            Session loader = new Session(this, null, true);
            this.persistence = new io.wharf.kv.persist.Persistence(persist, keyspace, argv -> {
                loader.execute(argv);
                loader.reply().take();
            }, keyspace::usedMemory);
        }
        // what the load replayed is no client's work: INFO's counters start at zero, as after Redis's loading
        resetStats();
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

    /** The clients blocked on keys. Under the key space's lock. */
    Waiters waiters() {
        return waiters;
    }

    /** INFO's sections; {@link InfoSections#register} replaces one. */
    public InfoSections info() {
        return info;
    }

    /** CONFIG GET/SET's parameters; {@link ConfigParams#register} replaces one. */
    public ConfigParams config() {
        return config;
    }

    SlowLog slowLog() {
        return slowLog;
    }

    CommandStats commandStats() {
        return commandStats;
    }

    /** A read command found a key, or did not. Under the lock. */
    void keyspaceLookup(boolean hit) {
        if (hit) {
            keyspaceHits++;
        } else {
            keyspaceMisses++;
        }
    }

    long keyspaceHits() {
        return keyspaceHits;
    }

    long keyspaceMisses() {
        return keyspaceMisses;
    }

    /** Clients that sent MONITOR. Under the key space's lock. */
    java.util.Set<Session> monitors() {
        return monitors;
    }

    /** Queues output for another client, under the lock. */
    void deliverLater(PubSub.Delivery d) {
        deliveries.add(d);
    }

    /** What {@link #deliverLater} queued, emptied; under the lock, then sent after it. */
    java.util.List<PubSub.Delivery> takeDeliveries() {
        if (deliveries.isEmpty()) {
            return java.util.List.of();
        }
        java.util.List<PubSub.Delivery> out = new java.util.ArrayList<>(deliveries);
        deliveries.clear();
        return out;
    }

    /** The default user's password now (CONFIG SET requirepass changes it; clients already in stay in). */
    public java.util.Optional<String> requirepass() {
        return requirepass;
    }

    void requirepass(String password) {
        requirepass = java.util.Optional.ofNullable(password);
    }

    /** CONFIG RESETSTAT: the counters INFO's stats show start again. */
    void resetStats() {
        connectionsReceived.set(0);
        commandsProcessed = 0;
        keyspace.resetStats();
        commandStats.reset();
        keyspaceHits = 0;
        keyspaceMisses = 0;
    }

    /** Channels and patterns and who subscribes to them. Under the key space's lock. */
    PubSub pubsub() {
        return pubsub;
    }

    /** client-output-buffer-limit now (CONFIG SET changes it). */
    io.wharf.kv.OutputLimits outputLimits() {
        return outputLimits;
    }

    void outputLimits(io.wharf.kv.OutputLimits limits) {
        this.outputLimits = limits;
    }

    /** The connected clients (CLIENT LIST, CLIENT KILL), in no particular order. */
    java.util.Collection<Session> clients() {
        return clients.values();
    }

    /** CLIENT PAUSE's state. */
    ClientPause pause() {
        return pause;
    }

    /** The keys clients WATCH. Under the key space's lock. */
    Watches watches() {
        return watches;
    }

    /** The connected client with this id, or null. */
    Session client(long id) {
        return clients.get(id);
    }

    /** Stops the timers of this state (blocking timeouts). */
    public void shutdown() {
        waiters.shutdown();
        if (spans != null) {
            spans.release(); // the last listener's flushes what is batched
        }
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

    /** Under the key space's lock. */
    void commandProcessed() {
        commandsProcessed++;
    }

    /** Under the key space's lock. */
    long commandsProcessed() {
        return commandsProcessed;
    }

    long startedMillis() {
        return startedMillis;
    }

    String runId() {
        return runId;
    }

    /** The command spans, or null when tracing is off. */
    KvSpans spans() {
        return spans;
    }

    /** Traces commands into {@code spans} (null: none); set at start, before any client connects. */
    public void spans(KvSpans spans) {
        this.spans = spans;
    }

    /** The port INFO reports; the service sets it once the listener is bound. */
    public void tcpPort(int port) {
        this.tcpPort = port;
    }

    int tcpPort() {
        return tcpPort;
    }
}
