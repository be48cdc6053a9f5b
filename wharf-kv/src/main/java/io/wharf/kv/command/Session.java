package io.wharf.kv.command;

import io.wharf.kv.resp.Reply;
import io.wharf.kv.store.Db;
import io.wharf.kv.store.Entry;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;

/**
 * One client's state, as Redis's {@code client}: its id, name, selected database, protocol version,
 * authentication, the reply buffer commands write to, its transaction, watches, subscriptions, its output
 * ({@link SessionOutput}) and blocked state ({@link Blocking}). {@link #execute} runs a command through {@link Dispatcher} (Redis's {@code processCommand}); {@link #call} is
 * the one path every command body runs through, under the key space's lock, so it is atomic, and where its effect
 * is recorded for the AOF ({@link Effects}).
 *
 * <p>Threading: {@link #execute} and the batch methods run on its connection's handler thread. Everything a
 * command touches (the reply buffer, transaction, watches, subscriptions, blocked state) is touched under the key
 * space's lock, either by that thread or, while the client is blocked, by the thread that serves it or times it
 * out. Output from other threads goes through {@link SessionOutput}, which is thread-safe. The fields CLIENT LIST
 * reads from other clients' threads are volatile.
 */
public final class Session {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Session.class);

    private final KvState state;
    private final long id;
    private final InetSocketAddress address;
    private final Reply reply = new Reply();
    private byte[] name;
    private Db db;
    private boolean authenticated;
    private boolean closeAfterReply;
    private long now;
    /** The wall clock read last and the {@link System#nanoTime} it was read at (see {@link #millisAt}). */
    private long wallMillis;
    private long wallReadAt;
    /** Commands run through {@link #call}, so {@link #execute} knows whether it has a fresh time. */
    private long calls;
    /** The last command name looked up and its command ({@link #sameCommand}); the handler thread's. */
    private byte[] lastName;
    private Command lastNamed;
    /** Set by {@link #storedWhole} during a command. */
    private boolean storedWhole;
    private final Effects effects;
    private final SessionOutput output = new SessionOutput(this);
    private final PubSub.Subscriptions subscriptions = new PubSub.Subscriptions();
    /** Set and cleared under the key space's lock; volatile for the handler's unlocked check. */
    private final Blocking blocking = new Blocking(this);
    private Command currentCommand;
    private List<byte[]> currentArgs;
    private TransactionCommands.Transaction transaction;
    private final List<Watches.Watched> watched = new java.util.ArrayList<>();
    private boolean dirtyCas;
    /** The keys the running command said it changed ({@link #modified}); null when it said none. */
    private List<Waiters.DbKey> modified;
    private final ClientInfo info = new ClientInfo();

    public Session(KvState state, InetSocketAddress address) {
        this(state, address, false);
    }

    /**
     * A session; an {@code internal} one (Redis's fake client, which replays the AOF) is authenticated, and not
     * listed among the clients.
     */
    public Session(KvState state, InetSocketAddress address, boolean internal) {
        this.state = state;
        this.id = internal ? 0 : state.nextClientId();
        this.address = address;
        this.db = state.keyspace().db(0);
        this.effects = new Effects(state.keyspace());
        this.authenticated = internal || state.requirepass().isEmpty();
        reply.errorListener(state.commandStats()::error);
        if (!internal) {
            state.register(this);
        }
    }

    /**
     * The one place a write's effect is recorded, Redis's {@code alsoPropagate}: a command whose effect is not
     * its own argument vector calls this (once per record, in order) with what replays it exactly, such as
     * {@code PEXPIREAT key <absolute>} for {@code EXPIRE key 10}, {@code SET key value KEEPTTL} for
     * INCRBYFLOAT, {@code SREM key member} for SPOP, the non-blocking pop for a blocking one served later.
     * Without any call, a command flagged {@code write} that ends without an error is recorded as it was
     * sent (after the {@code DEL}s of keys it found expired, which {@link io.wharf.kv.store.Db} records
     * itself). Call under the lock, from a command body (or from code that serves a command later, such as a
     * blocked client's pop, with the session of the client served).
     *
     * <p>Order is the order of calls, so two rules keep a replay right: a client blocked on a key and served by
     * a push is served after the pushing command's own record (Redis serves blocked clients after
     * {@code call()}: the push, then the pop), that is after {@link #call} records, still under the lock;
     * and EXEC records {@code MULTI} before the first change of its transaction and {@code EXEC} after the last
     * (through {@code keyspace().feed()}), so a transaction cut by a crash is dropped whole on load.
     */
    public void propagate(byte[]... argv) {
        effects.propagate(db.index(), List.of(argv));
        if (currentCommand != null && currentCommand.firstKey() <= 0 && argv.length > 1) {
            modified(argv[1]); // LMPOP's LPOP key count: the one key it changed of those it names
        }
    }

    /**
     * The running command changed {@code key} of the selected database, Redis's {@code signalModifiedKey}: a
     * command that calls this invalidates WATCH on these keys only (DEL, only the keys it deleted), where
     * otherwise every key it names is touched. A command whose keys move (LMPOP, ZMPOP) says so by the key of
     * the pop it {@linkplain #propagate propagates}.
     */
    void modified(byte[] key) {
        modified(db.index(), key);
    }

    /** {@link #modified(byte[])} in database {@code dbIndex} (MOVE's and COPY's target). */
    void modified(int dbIndex, byte[] key) {
        if (modified == null) {
            modified = new java.util.ArrayList<>(2);
        }
        modified.add(new Waiters.DbKey(dbIndex, key));
    }

    /** What {@link #modified} said for the running command, or null. */
    List<Waiters.DbKey> modifiedKeys() {
        return modified;
    }

    /**
     * A write command stored each of its keys whole through {@link Db#set} (MSET), which counted their memory,
     * so {@link #call} need not look them up again to count it.
     */
    void storedWhole() {
        storedWhole = true;
    }

    /** A write command changed nothing (SETNX on an existing key): it is not recorded. */
    public void unchanged() {
        effects.unchanged();
    }

    /**
     * A STORE form's empty result: deletes {@code destination}; where there was none the command changed nothing,
     * so it is neither recorded nor seen by WATCH (Redis bumps {@code dirty} only when {@code dbDelete} deletes).
     */
    void storeNothing(byte[] destination) {
        if (db.delete(destination) == null) {
            unchanged();
        }
    }

    /**
     * The AOF offset that must be on disk before this client's pending replies may go (under
     * {@code appendfsync always}); 0 when none is needed.
     */
    public long syncOffset() {
        return effects.syncOffset();
    }

    /**
     * The value of {@code e}, as a write may change it: while a snapshot (BGSAVE, an AOF rewrite) is being
     * written from the data as it was, a container shared with it is copied first (copy on write), so the
     * snapshot never sees a change made after it was taken. Reads see the value as it is.
     */
    Object writable(Entry e) {
        return effects.writable(e);
    }

    public long id() {
        return id;
    }

    public KvState state() {
        return state;
    }

    public Reply reply() {
        return reply;
    }

    public Db db() {
        return db;
    }

    void select(int index) {
        db = state.keyspace().db(index);
    }

    /** The time commands see: the moment this command started, in Unix milliseconds. */
    public long now() {
        return now;
    }

    byte[] name() {
        return name;
    }

    void name(byte[] name) {
        this.name = name;
    }

    /** What CLIENT LIST shows and the switches CLIENT sets. */
    public ClientInfo info() {
        return info;
    }

    InetSocketAddress address() {
        return address;
    }

    /** True when a password is set and this client has not given it. */
    public boolean authRequired() {
        return !authenticated;
    }

    void authenticated(boolean yes) {
        authenticated = yes;
    }

    /** True after QUIT or a protocol error: the connection closes once the reply is sent. */
    public boolean closeAfterReply() {
        return closeAfterReply;
    }

    void closeAfterReply(boolean yes) {
        closeAfterReply = yes;
    }

    /** The output limit of this client's class: pubsub while subscribed, else normal. */
    io.wharf.kv.OutputLimits.Limit outputLimit() {
        io.wharf.kv.OutputLimits l = state.outputLimits();
        return subscriptions.count() > 0 ? l.pubsub() : l.normal();
    }

    /** Where this client's replies and the output sent to it from elsewhere go. */
    public SessionOutput output() {
        return output;
    }

    PubSub.Subscriptions subscriptions() {
        return subscriptions;
    }

    /** The client has gone: it leaves the queues it was blocked in and forgets its watches. */
    public void close() {
        state.keyspace().lock().lock();
        try {
            state.waiters().unblock(this);
            state.watches().unwatchAll(this);
            state.pubsub().unsubscribeAll(this);
            state.monitors().remove(this);
        } finally {
            state.keyspace().lock().unlock();
        }
        state.unregister(this);
    }

    /** The blocked-command state (BLPOP and the like). */
    public Blocking blocking() {
        return blocking;
    }

    /** The transaction MULTI started, or null. */
    TransactionCommands.Transaction transaction() {
        return transaction;
    }

    void transaction(TransactionCommands.Transaction tx) {
        transaction = tx;
    }

    List<Watches.Watched> watched() {
        return watched;
    }

    /** A watched key was touched: EXEC will fail. */
    boolean dirtyCas() {
        return dirtyCas;
    }

    void dirtyCas(boolean yes) {
        dirtyCas = yes;
    }

    Command currentCommand() {
        return currentCommand;
    }

    List<byte[]> currentArgs() {
        return currentArgs;
    }

    /** Runs a command CLIENT PAUSE held, under the lock: queued if a MULTI is open, else run. */
    void runPostponed(Command command, List<byte[]> args) {
        if (transaction != null && !TransactionCommands.runsInMulti(command.name())) {
            transaction.commands.add(command);
            transaction.args.add(args);
            reply.simple("QUEUED");
        } else {
            call(command, args);
        }
    }

    /** Runs one command and writes its reply, as Redis's {@code processCommand} ({@link Dispatcher}). */
    public void execute(List<byte[]> args) {
        long callsBefore = calls;
        int replyStart = reply.size();
        String mode = info.replyMode();
        KvSpans spans = state.spans();
        if (spans == null) { // tracing off: this check is all it costs
            Dispatcher.process(this, args);
        } else {
            spans.process(this, args);
        }
        info.interacted(calls != callsBefore ? now : System.currentTimeMillis());
        // CLIENT REPLY OFF or SKIP: this command's reply is not sent (SKIP only once; CLIENT REPLY sets the mode)
        if (!mode.equals("on") && !(info.lastCommand().equals("client|reply") && info.replyMode().equals("on"))) {
            reply.truncate(replyStart);
            if (mode.equals("skip") && info.replyMode().equals("skip")) {
                info.replyMode("on");
            }
        }
    }

    /**
     * Runs one command's body, under the key space's lock: the one path every command takes, whether sent by
     * the client, queued in MULTI and run by EXEC, held by CLIENT PAUSE, or a blocked command run again when its
     * key is ready (Redis's {@code call}). Errors become the command's reply. A {@code write} command's effect
     * is recorded here ({@link #propagate}): as it was sent, unless it recorded its own or said it changed
     * nothing; a {@code blocking} one only as the non-blocking command it propagated when it was served, so one
     * that blocked or timed out records nothing.
     */
    void call(Command command, List<byte[]> args) {
        long start = System.nanoTime();
        now = millisAt(start);
        calls++;
        currentCommand = command;
        currentArgs = args;
        List<Waiters.DbKey> outerModified = modified; // EXEC's, around a command of its queue
        modified = null;
        long outer = effects.begin(command);
        long errorsBefore = reply.errors();
        boolean failed = false;
        storedWhole = false;
        try {
            command.body().run(this, args);
            effects.completed(db.index(), args);
            // a write that recorded nothing changed nothing (the AOF's promise), so its memory is as it was
            if (effects.writing() && effects.recorded() && command.firstKey() > 0 && !storedWhole) {
                reaccount(command, args);
            }
        } catch (CommandError e) {
            failed = true;
            reply.error(e.getMessage());
        } catch (RuntimeException e) {
            // a bug in a command must cost that command, not the connection or the server
            failed = true;
            LOG.error("command {} failed", command.name(), e);
            reply.err("internal error in '" + command.name() + "': " + e);
        } finally {
            effects.end(outer);
        }
        long micros = (System.nanoTime() - start) / 1000;
        // EXEC's own errors are its queued commands', counted on them
        failed |= reply.errors() > errorsBefore && !command.name().equals("exec");
        state.commandStats().called(command, micros, failed);
        if (!command.has(Command.SKIP_SLOWLOG)) {
            state.slowLog().maybeLog(this, args, micros);
        }
        if (effects.recorded()) {
            state.watches().afterCommand(this, command, args); // a write that changed nothing signals no WATCH
        }
        modified = outerModified;
        if (!state.monitors().isEmpty() && !command.has(Command.ADMIN)) {
            Monitor.feed(this, args);
        }
    }

    /**
     * The wall clock in milliseconds at {@code nanos} (a {@link System#nanoTime} reading): read again once a
     * millisecond has passed since it was read, else the reading kept, as Redis keeps a cached {@code mstime}.
     * The nanosecond clock is read anyway for the command's duration; reading both clocks for every command was
     * a tenth of a pipelined command's CPU. So a time may be up to about two milliseconds behind, only while
     * commands come faster than one a millisecond.
     */
    private long millisAt(long nanos) {
        if (nanos - wallReadAt >= 1_000_000 || nanos - wallReadAt < 0 || calls == 0) {
            wallMillis = System.currentTimeMillis();
            wallReadAt = nanos;
        }
        return wallMillis;
    }

    /** EXEC is about to run its queue: its changes are recorded as one MULTI ... EXEC block. */
    void beginTransactionRecord() {
        effects.beginTransaction();
    }

    /** EXEC ran its queue: the block, if it changed anything, is closed. */
    void endTransactionRecord() {
        effects.endTransaction(db.index());
    }

    /** A write may have changed its keys' values in place: their memory estimate is counted again. */
    private void reaccount(Command command, List<byte[]> args) {
        int last = command.lastKey() < 0 ? args.size() + command.lastKey() : command.lastKey();
        for (int i = command.firstKey(); i <= last && i < args.size(); i += Math.max(1, command.step())) {
            db.reaccount(args.get(i));
        }
    }

    /**
     * The command the last name looked up named, if {@code name} is the same bytes (a pipeline mostly repeats
     * one command: a compare of a few bytes instead of the table's folded hash and compare); else null.
     */
    Command sameCommand(byte[] name) {
        return lastName != null && java.util.Arrays.equals(lastName, name) ? lastNamed : null;
    }

    /** Remembers what {@code name} names for {@link #sameCommand} (null: a container or not a command). */
    void sameCommand(byte[] name, Command command) {
        lastName = command == null ? null : name.clone(); // a copy: the argument is the command's to change
        lastNamed = command;
    }

    /** The command about to run (or be held), for the blocked and paused states that keep it. */
    void current(Command command, List<byte[]> args) {
        currentCommand = command;
        currentArgs = args;
    }

    /** The live entry of {@code key}, its access not counted for eviction (OBJECT's lookups). */
    Entry peek(byte[] key) {
        Entry e = db.peek(key, now);
        state.keyspaceLookup(e != null);
        return e;
    }

    /** The live entry of {@code key} in the selected database. */
    public Entry lookup(byte[] key) {
        Entry e = db.lookup(key, now);
        if (currentCommand != null && currentCommand.has(Command.READONLY)) {
            // a read command's lookups are INFO's keyspace hits and misses, as lookupKeyRead counts them
            state.keyspaceLookup(e != null);
        }
        return e;
    }

    /** The hash at {@code key}, null if missing (or a new one stored there if {@code create}); WRONGTYPE if another type. */
    public io.wharf.kv.store.HashValue hash(byte[] key, boolean create) {
        Entry e = lookup(key);
        if (e == null) {
            if (!create) {
                return null;
            }
            io.wharf.kv.store.HashValue h = new io.wharf.kv.store.HashValue();
            db.set(key, h, false);
            return h;
        }
        if (!(writable(e) instanceof io.wharf.kv.store.HashValue h)) {
            throw new CommandError(CommandError.WRONGTYPE);
        }
        return h;
    }

    /** The list at {@code key}, null if missing; WRONGTYPE if another type. */
    public io.wharf.kv.store.ListValue list(byte[] key) {
        Entry e = lookup(key);
        if (e == null) {
            return null;
        }
        if (!(writable(e) instanceof io.wharf.kv.store.ListValue l)) {
            throw new CommandError(CommandError.WRONGTYPE);
        }
        return l;
    }

    /** The set at {@code key}, null if missing; WRONGTYPE if another type. */
    public io.wharf.kv.store.SetValue set(byte[] key) {
        Entry e = lookup(key);
        if (e == null) {
            return null;
        }
        if (!(writable(e) instanceof io.wharf.kv.store.SetValue v)) {
            throw new CommandError(CommandError.WRONGTYPE);
        }
        return v;
    }

    /** The string value of {@code key}, null if missing; WRONGTYPE if another type. */
    public byte[] string(byte[] key) {
        Entry e = lookup(key);
        if (e == null) {
            return null;
        }
        if (!(e.value() instanceof byte[] s)) {
            throw new CommandError(CommandError.WRONGTYPE);
        }
        return s;
    }
}
