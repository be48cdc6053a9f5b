package io.wharf.kv.command;

import io.wharf.kv.resp.Reply;
import io.wharf.kv.store.Db;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * One client's state, as Redis's {@code client}: its id, name, selected database, protocol version,
 * authentication, the reply buffer commands write to, its output ({@link SessionOutput}), subscriptions, blocked
 * state ({@link Blocking}), MULTI and WATCH state ({@link MultiState}), the command it runs ({@link Call}) and the
 * keys as that command sees them ({@link SessionKeys}). {@link #execute} runs a command through
 * {@link Dispatcher} (Redis's {@code processCommand}); {@link #call} is the one path every command body runs
 * through, under the key space's lock, so it is atomic.
 *
 * <p>Threading: {@link #execute} and the batch methods run on its connection's handler thread. Everything a
 * command touches (the reply buffer, transaction, watches, subscriptions, blocked state) is touched under the key
 * space's lock, either by that thread or, while the client is blocked, by the thread that serves it or times it
 * out. Output from other threads goes through {@link SessionOutput}, which is thread-safe. The fields CLIENT LIST
 * reads from other clients' threads are volatile.
 */
public final class Session {

    private final KvState state;
    private final long id;
    private final InetSocketAddress address;
    private final Reply reply = new Reply();
    private byte[] name;
    private Db db;
    private boolean authenticated;
    private boolean closeAfterReply;
    /** The last command name looked up and its command ({@link #sameCommand}); the handler thread's. */
    private byte[] lastName;
    private Command lastNamed;
    private final SessionOutput output = new SessionOutput(this);
    private final PubSub.Subscriptions subscriptions = new PubSub.Subscriptions();
    /** Set and cleared under the key space's lock; volatile for the handler's unlocked check. */
    private final Blocking blocking = new Blocking(this);
    private final MultiState multi = new MultiState(reply);
    private final Call call;
    private final SessionKeys keys;
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
        this.call = new Call(this, state);
        this.keys = new SessionKeys(this, call, state);
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
        call.propagate(argv);
    }

    /** A write command changed nothing (SETNX on an existing key): it is not recorded. */
    public void unchanged() {
        call.unchanged();
    }

    /**
     * The AOF offset that must be on disk before this client's pending replies may go (under
     * {@code appendfsync always}); 0 when none is needed.
     */
    public long syncOffset() {
        return call.syncOffset();
    }

    /** The time commands see: the moment this command started, in Unix milliseconds. */
    public long now() {
        return call.now();
    }

    /** The command running, what it changed and records ({@link Call}). */
    Call running() {
        return call;
    }

    /** The selected database's keys as the running command sees them. */
    public SessionKeys keys() {
        return keys;
    }

    /** MULTI's queue and the watched keys. */
    MultiState multi() {
        return multi;
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

    /** Runs a command CLIENT PAUSE held, under the lock: queued if a MULTI is open, else run. */
    void runPostponed(Command command, List<byte[]> args) {
        if (multi.queues(command)) {
            multi.queue(command, args);
        } else {
            call.run(command, args);
        }
    }

    /** Runs one command and writes its reply, as Redis's {@code processCommand} ({@link Dispatcher}). */
    public void execute(List<byte[]> args) {
        long callsBefore = call.calls();
        int replyStart = reply.size();
        String mode = info.replyMode();
        KvSpans spans = state.spans();
        if (spans == null) { // tracing off: this check is all it costs
            Dispatcher.process(this, args);
        } else {
            spans.process(this, args);
        }
        info.interacted(call.calls() != callsBefore ? call.now() : System.currentTimeMillis());
        // CLIENT REPLY OFF or SKIP: this command's reply is not sent (SKIP only once; CLIENT REPLY sets the mode)
        if (!mode.equals("on") && !(info.lastCommand().equals("client|reply") && info.replyMode().equals("on"))) {
            reply.truncate(replyStart);
            if (mode.equals("skip") && info.replyMode().equals("skip")) {
                info.replyMode("on");
            }
        }
    }

    /** Runs one command's body under the key space's lock: Redis's {@code call()} ({@link Call#run}). */
    void call(Command command, List<byte[]> args) {
        call.run(command, args);
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
}
