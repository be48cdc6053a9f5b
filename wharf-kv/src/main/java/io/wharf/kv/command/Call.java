package io.wharf.kv.command;

import io.wharf.kv.store.Entry;

import java.util.List;

/**
 * Redis's {@code call()} for one session: runs one command's body under the key space's lock, the one path every
 * command takes (sent by the client, queued in MULTI and run by EXEC, held by CLIENT PAUSE, or a blocked command
 * run again when its key is ready), and holds what that command is doing while it runs: its time, its name and
 * arguments, the keys it said it changed, and what it records for the AOF ({@link Effects}). Afterwards it counts
 * the command (stats, slow log), signals WATCH and feeds MONITOR.
 *
 * <p>Threading: one per {@link Session}; everything here runs under the key space's lock, on the session's
 * handler thread or, while the client is blocked, on the thread that serves it or times it out.
 */
public final class Call {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Call.class);

    private final Session session;
    private final KvState state;
    private final Effects effects;
    private long now;
    /** The wall clock read last and the {@link System#nanoTime} it was read at (see {@link #millisAt}). */
    private long wallMillis;
    private long wallReadAt;
    /** Commands run, so {@link Session#execute} knows whether it has a fresh time. */
    private long calls;
    private Command command;
    private List<byte[]> args;
    /** Set by {@link #storedWhole} during a command. */
    private boolean storedWhole;
    /** The keys the running command said it changed ({@link #modified}); null when it said none. */
    private List<Waiters.DbKey> modified;

    Call(Session session, KvState state) {
        this.session = session;
        this.state = state;
        this.effects = new Effects(state.keyspace());
    }

    /**
     * Runs {@code command}. Errors become the command's reply. A {@code write} command's effect is recorded here
     * ({@link #propagate}): as it was sent, unless it recorded its own or said it changed nothing; a
     * {@code blocking} one only as the non-blocking command it propagated when it was served, so one that blocked
     * or timed out records nothing.
     */
    void run(Command command, List<byte[]> args) {
        long start = System.nanoTime();
        now = millisAt(start);
        calls++;
        this.command = command;
        this.args = args;
        List<Waiters.DbKey> outerModified = modified; // EXEC's, around a command of its queue
        modified = null;
        long outer = effects.begin(command);
        io.wharf.kv.resp.Reply reply = session.reply();
        long errorsBefore = reply.errors();
        boolean failed = false;
        storedWhole = false;
        try {
            command.body().run(session, args);
            effects.completed(session.db().index(), args);
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
            state.slowLog().maybeLog(session, args, micros);
        }
        if (effects.recorded()) {
            state.watches().afterCommand(session, command, args); // a write that changed nothing signals no WATCH
        }
        modified = outerModified;
        if (!state.monitors().isEmpty() && !command.has(Command.ADMIN)) {
            Monitor.feed(session, args);
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

    /** A write may have changed its keys' values in place: their memory estimate is counted again. */
    private void reaccount(Command command, List<byte[]> args) {
        int last = command.lastKey() < 0 ? args.size() + command.lastKey() : command.lastKey();
        for (int i = command.firstKey(); i <= last && i < args.size(); i += Math.max(1, command.step())) {
            session.db().reaccount(args.get(i));
        }
    }

    /** The time commands see: the moment this command started, in Unix milliseconds. */
    long now() {
        return now;
    }

    /** How many commands ran so far. */
    long calls() {
        return calls;
    }

    /** The command running (or about to run, or held), or null before the first. */
    Command command() {
        return command;
    }

    /** Its arguments, the name first. */
    List<byte[]> args() {
        return args;
    }

    /** The command about to run (or be held), for the blocked and paused states that keep it. */
    void hold(Command command, List<byte[]> args) {
        this.command = command;
        this.args = args;
    }

    /** Records {@code argv} as the running command's effect: see {@link Session#propagate}. */
    void propagate(byte[]... argv) {
        effects.propagate(session.db().index(), List.of(argv));
        if (command != null && command.firstKey() <= 0 && argv.length > 1) {
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
        modified(session.db().index(), key);
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
     * A write command stored each of its keys whole through {@link io.wharf.kv.store.Db#set} (MSET), which
     * counted their memory, so {@link #run} need not look them up again to count it.
     */
    void storedWhole() {
        storedWhole = true;
    }

    /** A write command changed nothing (SETNX on an existing key): it is not recorded. */
    void unchanged() {
        effects.unchanged();
    }

    /**
     * A STORE form's empty result: deletes {@code destination}; where there was none the command changed nothing,
     * so it is neither recorded nor seen by WATCH (Redis bumps {@code dirty} only when {@code dbDelete} deletes).
     */
    void storeNothing(byte[] destination) {
        if (session.db().delete(destination) == null) {
            unchanged();
        }
    }

    /** See {@link Session#syncOffset}. */
    long syncOffset() {
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

    /** EXEC is about to run its queue: its changes are recorded as one MULTI ... EXEC block. */
    void beginTransactionRecord() {
        effects.beginTransaction();
    }

    /** EXEC ran its queue: the block, if it changed anything, is closed. */
    void endTransactionRecord() {
        effects.endTransaction(session.db().index());
    }
}
