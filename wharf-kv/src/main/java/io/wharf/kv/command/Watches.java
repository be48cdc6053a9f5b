package io.wharf.kv.command;

import io.wharf.kv.store.Db;
import io.wharf.kv.store.Keyspace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys clients WATCH, as Redis's {@code multi.c}: per database and key, the clients watching it. A client's
 * transaction is marked dirty (its EXEC then answers a null array) when a key it watches is touched: by any
 * command flagged {@code write} that names the key (its key positions, or every argument for a command whose
 * keys move, such as LMPOP), FLUSHDB and FLUSHALL (keys that existed), SWAPDB (keys that exist in either
 * database), or by expiring: a key that existed when watched and is gone or expired at EXEC. As in Redis 7.0, a
 * write that changed nothing ({@code SET k v NX} on an existing key, {@code SADD} of a member already there,
 * {@code DEL} of a missing key: what the command does not record for the AOF) touches nothing, while one that
 * stored the same value again ({@code SET k v} with the value k has) does. A multi-key write touches the keys it
 * changed, as Redis signals them: those it says ({@link Call#modified}: DEL's deleted keys, MOVE's key in both
 * databases, COPY's target, the key LMPOP or ZMPOP popped from), or the destination only of a STORE form, or
 * else every key it names (MSET, RENAME, SMOVE, LMOVE change them all).
 *
 * <p>Threading: under the key space's lock.
 */
final class Watches {

    /** A watched key and whether it existed when WATCH ran. */
    record Watched(Waiters.DbKey key, boolean existed) {
    }

    /** Writes that name source keys they only read: what they change is their destination, the first key. */
    private static final Set<String> STORES = Set.of("sinterstore", "sunionstore", "sdiffstore", "zrangestore",
            "zunionstore", "zinterstore", "zdiffstore");

    private final Keyspace keyspace;
    private final Map<Waiters.DbKey, Set<Session>> watchers = new HashMap<>();

    Watches(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    void watch(Session s, byte[] key) {
        Waiters.DbKey k = new Waiters.DbKey(s.db().index(), key.clone());
        for (Watched w : s.multi().watched()) {
            if (w.key().equals(k)) {
                return;
            }
        }
        s.multi().watched().add(new Watched(k, s.keys().lookup(key) != null));
        watchers.computeIfAbsent(k, x -> Collections.newSetFromMap(new IdentityHashMap<>())).add(s);
    }

    void unwatchAll(Session s) {
        for (Watched w : s.multi().watched()) {
            Set<Session> set = watchers.get(w.key());
            if (set != null) {
                set.remove(s);
                if (set.isEmpty()) {
                    watchers.remove(w.key());
                }
            }
        }
        s.multi().watched().clear();
        s.multi().dirtyCas(false);
    }

    /** True if a key {@code s} watched has expired (or gone) since: {@code isWatchedKeyExpired}. */
    boolean expiredSinceWatch(Session s) {
        long now = System.currentTimeMillis();
        for (Watched w : s.multi().watched()) {
            if (w.existed() && keyspace.db(w.key().db()).lookup(w.key().key(), now) == null) {
                return true;
            }
        }
        return false;
    }

    /** After a command ran: if it writes, the keys it changed are touched. */
    void afterCommand(Session s, Command c, List<byte[]> args) {
        if (watchers.isEmpty() || !c.has(Command.WRITE)) {
            return;
        }
        if (s.running().modifiedKeys() != null) {
            s.running().modifiedKeys().forEach(k -> touch(k.db(), k.key()));
            return;
        }
        int db = s.db().index();
        if (STORES.contains(c.name())) {
            touch(db, args.get(1)); // its sources are only read
            return;
        }
        if (c.firstKey() <= 0) {
            for (int i = 1; i < args.size(); i++) {
                touch(db, args.get(i));
            }
            return;
        }
        int last = c.lastKey() < 0 ? args.size() + c.lastKey() : c.lastKey();
        for (int i = c.firstKey(); i <= last && i < args.size(); i += Math.max(1, c.step())) {
            touch(db, args.get(i));
        }
    }

    private void touch(int db, byte[] key) {
        Set<Session> set = watchers.get(new Waiters.DbKey(db, key));
        if (set != null) {
            set.forEach(s -> s.multi().dirtyCas(true));
        }
    }

    void flushing(Db db) {
        touchExisting(db, db, db.index());
    }

    void swapped(Db a, Db b) {
        touchExisting(a, b, a.index());
        touchExisting(a, b, b.index());
    }

    private void touchExisting(Db one, Db other, int index) {
        if (watchers.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        for (Map.Entry<Waiters.DbKey, Set<Session>> e : new ArrayList<>(watchers.entrySet())) {
            Waiters.DbKey k = e.getKey();
            if (k.db() == index && (one.exists(k.key(), now) || other.exists(k.key(), now))) {
                e.getValue().forEach(s -> s.multi().dirtyCas(true));
            }
        }
    }
}
