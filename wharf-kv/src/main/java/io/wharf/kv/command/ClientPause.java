package io.wharf.kv.command;

import java.util.List;

/**
 * CLIENT PAUSE and UNPAUSE, as Redis 7.0: until the pause ends, every command (ALL), or every command that
 * writes (WRITE: a {@code write} command, PUBLISH, or an EXEC whose queue writes), is held, its client blocked
 * ({@link Waiters#postpone}); when the pause ends, by its time or by UNPAUSE, the held commands run in the order
 * they came. A second pause extends the first and keeps the stronger mode.
 *
 * <p>Threading: {@link #active} from any thread; the rest under the key space's lock.
 */
final class ClientPause {

    private final KvState state;
    private volatile long until;
    private volatile boolean all;

    ClientPause(KvState state) {
        this.state = state;
    }

    /** A cheap first check, outside the lock. */
    boolean active() {
        return until != 0;
    }

    /** True if the pause holds {@code command} now. */
    boolean holds(Command command, Session s) {
        if (until == 0 || System.currentTimeMillis() >= until) {
            return false;
        }
        if (all) {
            return true;
        }
        if (command.has(Command.WRITE) || command.name().equals("publish")) {
            return true;
        }
        if (command.name().equals("exec") && s.multi().transaction() != null) {
            for (Command c : s.multi().transaction().commands) {
                if (c.has(Command.WRITE) || c.name().equals("publish")) {
                    return true;
                }
            }
        }
        return false;
    }

    static void register(CommandTable t) {
        t.sub("client", "pause", -3, "admin noscript loading stale", ClientPause::pause);
        t.sub("client", "unpause", 2, "admin noscript loading stale", (s, a) -> {
            s.state().pause().end();
            s.reply().ok();
        });
    }

    private static void pause(Session s, List<byte[]> a) {
        byte[] t = a.get(2);
        if (!io.wharf.kv.resp.Numbers.isLong(t)) {
            throw CommandError.err("timeout is not an integer or out of range");
        }
        long millis = io.wharf.kv.resp.Numbers.toLong(t);
        if (millis < 0) {
            throw CommandError.err("timeout is negative");
        }
        boolean all = true;
        if (a.size() == 4) {
            if (Strings.is(a.get(3), "write")) {
                all = false;
            } else if (!Strings.is(a.get(3), "all")) {
                throw CommandError.err("CLIENT PAUSE mode must be WRITE or ALL");
            }
        } else if (a.size() > 4) {
            throw new CommandError(CommandError.SYNTAX);
        }
        s.state().pause().start(s.now() + millis, all);
        s.reply().ok();
    }

    private void start(long end, boolean allCommands) {
        boolean was = until != 0 && System.currentTimeMillis() < until;
        all = was ? all || allCommands : allCommands;
        until = was ? Math.max(until, end) : end;
        long at = until;
        state.waiters().later(() -> expire(at), at - System.currentTimeMillis());
    }

    /** The pause's time is up (unless a later pause extended it). */
    private void expire(long at) {
        List<PubSub.Delivery> out;
        state.keyspace().lock().lock();
        try {
            if (until != at) {
                return;
            }
            end();
            out = state.takeDeliveries();
        } finally {
            state.keyspace().lock().unlock();
        }
        for (PubSub.Delivery d : out) {
            d.to().output().push(d.bytes());
        }
    }

    private void end() {
        until = 0;
        all = false;
        state.waiters().resumePostponed();
    }
}
