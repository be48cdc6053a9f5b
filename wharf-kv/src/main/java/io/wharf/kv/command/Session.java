package io.wharf.kv.command;

import io.wharf.kv.resp.Reply;
import io.wharf.kv.store.Db;
import io.wharf.kv.store.Entry;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;

/**
 * One client's state, as Redis's {@code client}: its id, name, selected database, protocol version,
 * authentication, and the reply buffer commands write to. {@link #execute} is Redis's
 * {@code processCommand}: QUIT, lookup, the unknown-command and arity errors, the NOAUTH check, then the
 * command itself under the key space's lock, so it is atomic.
 *
 * <p>Threading: used by its connection's handler thread only (and, under the lock, by commands).
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
    /** This command recorded its own effect ({@link #propagate}), or said it changed nothing. */
    private boolean propagated;
    /** The AOF offset this client's replies must wait for under {@code appendfsync always}; 0 for none. */
    private long syncOffset;
    private boolean writing;

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
        this.authenticated = internal || state.settings().requirepass().isEmpty();
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
     * {@code call()}: the push, then the pop), that is after {@link #execute} records, still under the lock;
     * and EXEC records {@code MULTI} before the first change of its transaction and {@code EXEC} after the last
     * (through {@code keyspace().feed()}), so a transaction cut by a crash is dropped whole on load.
     */
    public void propagate(byte[]... argv) {
        propagated = true;
        state.keyspace().feed().record(db.index(), List.of(argv));
    }

    /** A write command changed nothing (SETNX on an existing key): it is not recorded. */
    public void unchanged() {
        propagated = true;
    }

    /**
     * The AOF offset that must be on disk before this client's pending replies may go (under
     * {@code appendfsync always}); 0 when none is needed.
     */
    public long syncOffset() {
        return syncOffset;
    }

    /**
     * The value of {@code e}, as a write may change it: while a snapshot (BGSAVE, an AOF rewrite) is being
     * written from the data as it was, a container shared with it is copied first (copy on write), so the
     * snapshot never sees a change made after it was taken. Reads see the value as it is.
     */
    Object writable(Entry e) {
        if (writing) {
            state.keyspace().unshare(e);
        }
        return e.value();
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

    /** The client has gone. */
    public void close() {
        state.unregister(this);
    }

    /** Runs one command and writes its reply, as Redis's {@code processCommand}. */
    public void execute(List<byte[]> args) {
        String name = new String(args.get(0), java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (name.equals("quit")) {
            reply.ok();
            closeAfterReply = true;
            return;
        }
        CommandTable table = state.commands();
        Command command = table.lookup(name, args);
        if (command == null) {
            if (table.isContainer(name)) {
                reply.err("unknown subcommand '" + Strings.cString(args.get(1), 128) + "'. Try "
                        + name.toUpperCase(Locale.ROOT) + " HELP.");
            } else {
                reply.err(unknownCommand(args));
            }
            return;
        }
        if (!command.arityOk(args.size())) {
            reply.err("wrong number of arguments for '" + command.name() + "' command");
            return;
        }
        if (!authenticated && !command.noAuth()) {
            reply.error("NOAUTH Authentication required.");
            return;
        }
        boolean write = command.flags().contains("write");
        io.wharf.kv.store.Keyspace ks = state.keyspace();
        ks.lock().lock();
        long offset = ks.feed().offset();
        try {
            now = System.currentTimeMillis();
            if (!ks.makeRoom(now) && command.flags().contains("denyoom")) {
                reply.error(OOM);
                return;
            }
            String refusal = write ? state.writeRefusal(command) : null;
            if (refusal != null) {
                reply.error(refusal);
                return;
            }
            propagated = false;
            writing = write;
            command.body().run(this, args);
            if (write && !propagated) {
                ks.feed().record(db.index(), args);
            }
            if (write && command.firstKey() > 0) {
                reaccount(command, args);
            }
        } catch (CommandError e) {
            reply.error(e.getMessage());
        } catch (RuntimeException e) {
            // a bug in a command must cost that command, not the connection or the server
            LOG.error("command {} failed", command.name(), e);
            reply.err("internal error in '" + command.name() + "': " + e);
        } finally {
            writing = false;
            long after = ks.feed().offset();
            if (after != offset) {
                syncOffset = after; // whatever this command recorded, even before an error, is waited for
            }
            ks.lock().unlock();
        }
        state.commandProcessed();
    }

    static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    /** A write may have changed its keys' values in place: their memory estimate is counted again. */
    private void reaccount(Command command, List<byte[]> args) {
        int last = command.lastKey() < 0 ? args.size() + command.lastKey() : command.lastKey();
        for (int i = command.firstKey(); i <= last && i < args.size(); i += Math.max(1, command.step())) {
            db.reaccount(args.get(i));
        }
    }

    /** Redis's text: the name and the first arguments, each cut as C's {@code %.*s} cuts, 128 bytes in all. */
    static String unknownCommand(List<byte[]> args) {
        StringBuilder list = new StringBuilder();
        for (int i = 1; i < args.size() && list.length() < 128; i++) {
            int room = 128 - list.length();
            list.append('\'').append(Strings.cString(args.get(i), room)).append("' ");
        }
        return "unknown command '" + Strings.cString(args.get(0), 128) + "', with args beginning with: " + list;
    }

    /** The live entry of {@code key} in the selected database. */
    public Entry lookup(byte[] key) {
        return db.lookup(key, now);
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
