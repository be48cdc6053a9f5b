package io.wharf.kv.command;

import io.wharf.kv.store.Entry;
import io.wharf.kv.store.HashValue;
import io.wharf.kv.store.ListValue;
import io.wharf.kv.store.SetValue;

/**
 * The keys of a session's selected database as its running command sees them (Redis's {@code lookupKeyRead} and
 * {@code lookupKeyWrite} with the type checks commands make): live at the command's time, counted as INFO's
 * keyspace hits and misses for a read command, copied first when a write shares them with a snapshot, and
 * {@code -WRONGTYPE} for a value of another type.
 *
 * <p>Threading: one per {@link Session}, used from its command bodies, under the key space's lock.
 */
public final class SessionKeys {

    private final Session session;
    private final Call call;
    private final KvState state;

    SessionKeys(Session session, Call call, KvState state) {
        this.session = session;
        this.call = call;
        this.state = state;
    }

    /** The live entry of {@code key}, its access not counted for eviction (OBJECT's lookups). */
    Entry peek(byte[] key) {
        Entry e = session.db().peek(key, call.now());
        state.keyspaceLookup(e != null);
        return e;
    }

    /** The live entry of {@code key} in the selected database. */
    public Entry lookup(byte[] key) {
        Entry e = session.db().lookup(key, call.now());
        Command command = call.command();
        if (command != null && command.has(Command.READONLY)) {
            // a read command's lookups are INFO's keyspace hits and misses, as lookupKeyRead counts them
            state.keyspaceLookup(e != null);
        }
        return e;
    }

    /** The hash at {@code key}, null if missing (or a new one stored there if {@code create}); WRONGTYPE if another type. */
    public HashValue hash(byte[] key, boolean create) {
        Entry e = lookup(key);
        if (e == null) {
            if (!create) {
                return null;
            }
            HashValue h = new HashValue();
            session.db().set(key, h, false);
            return h;
        }
        if (!(call.writable(e) instanceof HashValue h)) {
            throw new CommandError(CommandError.WRONGTYPE);
        }
        return h;
    }

    /** The list at {@code key}, null if missing; WRONGTYPE if another type. */
    public ListValue list(byte[] key) {
        return typed(key, ListValue.class);
    }

    /** The set at {@code key}, null if missing; WRONGTYPE if another type. */
    public SetValue set(byte[] key) {
        return typed(key, SetValue.class);
    }

    /** The container of {@code type} at {@code key}, writable; null if missing; WRONGTYPE if another type. */
    private <T> T typed(byte[] key, Class<T> type) {
        Entry e = lookup(key);
        if (e == null) {
            return null;
        }
        Object v = call.writable(e);
        if (!type.isInstance(v)) { // a constant class: the JIT makes it the same check as instanceof
            throw new CommandError(CommandError.WRONGTYPE);
        }
        return type.cast(v);
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
