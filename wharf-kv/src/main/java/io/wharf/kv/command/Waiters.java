package io.wharf.kv.command;

import io.wharf.kv.store.Db;
import io.wharf.kv.store.Entry;
import io.wharf.kv.store.Keyspace;
import io.wharf.kv.store.ListValue;
import io.wharf.kv.store.ZSetValue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The clients blocked on keys (BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP BZPOPMIN BZPOPMAX BZMPOP), as Redis's
 * {@code blocking.c}: a FIFO queue of clients per database and key, and the keys made ready (a list or sorted set
 * stored where someone waits) since they were last served. After every command, and after a whole EXEC, the
 * dispatcher calls {@link #serveReady}: for each ready key, the clients waiting on it, first come first served,
 * run their command again ({@link Session#call}, the one path every command takes) until one finds nothing.
 * A client that blocked holds no thread and no lock: its connection keeps reading (so a close is seen; what it
 * sends meanwhile its handler keeps), and its reply is written from whichever thread serves it. A client whose
 * connection has closed is never served: it only leaves its queues, so what a push stored stays for the living.
 *
 * <p>Two steps to block, so that no reply can overtake the ones before it: the command registers the client in
 * its queues (keeping its place) but it is not served until its handler has sent the earlier replies of its
 * pipeline and {@linkplain Blocking#commitBlock committed}, which first tries once more. Timeouts run on one timer
 * thread. Threading: every method but {@link #shutdown} under the key space's lock.
 */
final class Waiters implements Keyspace.Watcher {

    /** One key of one database. */
    record DbKey(int db, byte[] key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof DbKey k && k.db == db && Arrays.equals(k.key, key);
        }

        @Override
        public int hashCode() {
            return 31 * db + Arrays.hashCode(key);
        }
    }

    /** Why a client is blocked: its keys, the type it waits for, its command, and when it times out (0: never). */
    static final class Blocked {
        final List<DbKey> keys;
        final boolean zset;
        final Command command;
        final List<byte[]> args;
        final long deadline;
        /** Held by CLIENT PAUSE rather than waiting on keys. */
        boolean postponed;
        boolean committed;
        ScheduledFuture<?> timer;

        Blocked(List<DbKey> keys, boolean zset, Command command, List<byte[]> args, long deadline) {
            this.keys = keys;
            this.zset = zset;
            this.command = command;
            this.args = args;
            this.deadline = deadline;
        }
    }

    private final Keyspace keyspace;
    private final Map<DbKey, ArrayDeque<Session>> waiting = new HashMap<>();
    private final LinkedHashSet<DbKey> ready = new LinkedHashSet<>();
    /** Clients whose command CLIENT PAUSE holds, in arrival order. */
    private final ArrayDeque<Session> postponed = new ArrayDeque<>();
    private ClientPause pause;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wharf-kv-block-timeout");
        t.setDaemon(true);
        return t;
    });

    Waiters(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    void pause(ClientPause pause) {
        this.pause = pause;
    }

    /** Holds the session's current command until the pause ends (Redis's {@code blockPostponeClient}). */
    void postpone(Session s) {
        Blocked b = new Blocked(List.of(), false, s.running().command(), new ArrayList<>(s.running().args()), 0);
        b.postponed = true;
        postponed.addLast(s);
        s.blocking().state(b);
    }

    /** The pause ended: runs each held command, in order, as if it had just arrived. */
    void resumePostponed() {
        for (Session s : new ArrayList<>(postponed)) {
            Blocked b = s.blocking().state();
            if (b != null && b.postponed && b.committed) {
                tryServe(s, b, true);
            }
        }
        serveReady();
    }

    /** Clients blocked right now (INFO's {@code blocked_clients}). */
    int blockedClients() {
        java.util.Set<Session> all = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        waiting.values().forEach(all::addAll);
        return all.size();
    }

    /**
     * Blocks the session on {@code keys} (in its selected database) until a {@code zset} (or list) is there or
     * {@code deadline} (Unix ms, 0 for never) passes. Replies nothing: the reply comes when it is served. When the
     * command is run again for a ready key and still finds nothing, the client simply stays where it was.
     */
    void block(Session s, List<byte[]> keys, boolean zset, long deadline) {
        if (s.blocking().reprocessing()) {
            s.blocking().stillBlocked(true);
            return;
        }
        List<DbKey> dbKeys = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            DbKey dk = new DbKey(s.db().index(), k.clone());
            if (!dbKeys.contains(dk)) {
                dbKeys.add(dk);
                waiting.computeIfAbsent(dk, x -> new ArrayDeque<>()).addLast(s);
            }
        }
        List<byte[]> args = new ArrayList<>(s.running().args());
        s.blocking().state(new Blocked(dbKeys, zset, s.running().command(), args, deadline));
    }

    /**
     * The session's handler has sent every reply before the blocking one: the session may now be served. Tries
     * at once (a push may have come in between); otherwise starts its timeout. Returns true if it stays blocked.
     */
    boolean commit(Session s) {
        Blocked b = s.blocking().state();
        b.committed = true;
        if (tryServe(s, b, false)) {
            serveReady();
        }
        Blocked now = s.blocking().state();
        if (now == null) {
            return false;
        }
        // still waiting, or a command the pause held has now blocked on keys
        now.committed = true;
        startTimer(s, now);
        return true;
    }

    private void startTimer(Session s, Blocked b) {
        if (b.deadline > 0 && b.timer == null) {
            long delay = Math.max(0, b.deadline - System.currentTimeMillis());
            b.timer = timer.schedule(() -> timedOut(s, b), delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Runs {@code task} on the timer thread after {@code delayMillis} (the end of a CLIENT PAUSE). */
    void later(Runnable task, long delayMillis) {
        timer.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    private void timedOut(Session s, Blocked b) {
        keyspace.lock().lock();
        try {
            if (s.blocking().state() == b) {
                unblock(s);
                s.reply().nullArray();
                s.output().sendAsync();
            }
        } finally {
            keyspace.lock().unlock();
        }
    }

    /** CLIENT UNBLOCK: ends a committed block as a timeout would, or with an error. False if not blocked. */
    boolean unblockByRequest(Session s, boolean error) {
        Blocked b = s.blocking().state();
        if (b == null || !b.committed || b.postponed) {
            return false; // a command CLIENT PAUSE holds is not blocked on keys: Redis does not unblock it either
        }
        unblock(s);
        if (error) {
            s.reply().error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
        } else {
            s.reply().nullArray();
        }
        s.output().sendAsync();
        return true;
    }

    /** Takes the session out of every queue and cancels its timeout; nothing is replied. */
    void unblock(Session s) {
        Blocked b = s.blocking().state();
        if (b == null) {
            return;
        }
        for (DbKey k : b.keys) {
            ArrayDeque<Session> q = waiting.get(k);
            if (q != null) {
                q.remove(s);
                if (q.isEmpty()) {
                    waiting.remove(k);
                }
            }
        }
        if (b.timer != null) {
            b.timer.cancel(false);
        }
        if (b.postponed) {
            postponed.remove(s);
        }
        s.blocking().state(null);
    }

    @Override
    public void stored(Db db, byte[] key, Object value) {
        if (!waiting.isEmpty() && (value instanceof ListValue || value instanceof ZSetValue)) {
            DbKey k = new DbKey(db.index(), key);
            if (waiting.containsKey(k)) {
                ready.add(new DbKey(db.index(), key.clone()));
            }
        }
    }

    @Override
    public void swapped(Db a, Db b) {
        for (DbKey k : waiting.keySet()) {
            if (k.db() == a.index() || k.db() == b.index()) {
                ready.add(k);
            }
        }
    }

    @Override
    public void flushing(Db db) {
    }

    /** Serves the clients waiting on the keys made ready, until none is left (a served BLMOVE may make more). */
    void serveReady() {
        while (!ready.isEmpty()) {
            DbKey k = ready.iterator().next();
            ready.remove(k);
            ArrayDeque<Session> q = waiting.get(k);
            if (q == null) {
                continue;
            }
            for (Session s : new ArrayList<>(q)) {
                Blocked b = s.blocking().state();
                if (b == null || !b.committed) {
                    continue;
                }
                Entry e = keyspace.db(k.db()).lookup(k.key(), System.currentTimeMillis());
                if (e == null || (b.zset ? !(e.value() instanceof ZSetValue) : !(e.value() instanceof ListValue))) {
                    break;
                }
                tryServe(s, b, true);
            }
        }
    }

    /** Runs the blocked command again; true (and unblocked, the reply sent if {@code send}) if it was served. */
    private boolean tryServe(Session s, Blocked b, boolean send) {
        if (!s.output().connected()) {
            unblock(s); // gone, its handler not told yet: nothing is popped or run for it
            return false;
        }
        if (b.postponed) {
            if (pause.holds(b.command, s)) {
                return false;
            }
            unblock(s);
            s.runPostponed(b.command, b.args);
            Blocked keys = s.blocking().state();
            if (keys != null) {
                // it blocked on keys: it waits there now, its handler having nothing more to send first
                keys.committed = true;
                startTimer(s, keys);
            } else if (send) {
                s.output().sendAsync();
            }
            return true;
        }
        s.blocking().reprocess(b.command, b.args);
        if (s.blocking().stillBlocked()) {
            s.blocking().stillBlocked(false);
            return false;
        }
        unblock(s);
        if (send) {
            s.output().sendAsync();
        }
        return true;
    }

    void shutdown() {
        timer.shutdownNow();
    }
}
