package io.wharf.kv.command;

import io.wharf.kv.store.SetValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The set family, after Redis's t_set.c, without its random and cursor commands: SADD SREM SMEMBERS
 * SISMEMBER SMISMEMBER SCARD SMOVE SINTER SINTERCARD SINTERSTORE SUNION SUNIONSTORE SDIFF SDIFFSTORE. A set
 * whose last member goes is deleted; a STORE whose result is empty deletes its destination.
 */
final class SetCommands {

    private SetCommands() {
    }

    static void register(CommandTable t) {
        t.add("sadd", -3, "write denyoom fast", 1, 1, 1, SetCommands::sadd);
        t.add("srem", -3, "write fast", 1, 1, 1, SetCommands::srem);
        t.add("smembers", 2, "readonly", 1, 1, 1, (s, a) -> reply(s, s.keys().set(a.get(1))));
        t.add("sismember", 3, "readonly fast", 1, 1, 1, (s, a) -> {
            SetValue v = s.keys().set(a.get(1));
            s.reply().integer(v != null && v.contains(a.get(2)) ? 1 : 0);
        });
        t.add("smismember", -3, "readonly fast", 1, 1, 1, (s, a) -> {
            SetValue v = s.keys().set(a.get(1));
            s.reply().array(a.size() - 2);
            for (int i = 2; i < a.size(); i++) {
                s.reply().integer(v != null && v.contains(a.get(i)) ? 1 : 0);
            }
        });
        t.add("scard", 2, "readonly fast", 1, 1, 1, (s, a) -> {
            SetValue v = s.keys().set(a.get(1));
            s.reply().integer(v == null ? 0 : v.size());
        });
        t.add("smove", 4, "write fast", 1, 2, 1, SetCommands::smove);
        t.add("sinter", -2, "readonly", 1, -1, 1, (s, a) -> inter(s, a.subList(1, a.size()), null));
        t.add("sinterstore", -3, "write denyoom", 1, -1, 1, (s, a) -> inter(s, a.subList(2, a.size()), a.get(1)));
        t.add("sintercard", -3, "readonly", 0, 0, 0, SetCommands::sintercard);
        t.add("sunion", -2, "readonly", 1, -1, 1, (s, a) -> unionDiff(s, a.subList(1, a.size()), null, false));
        t.add("sunionstore", -3, "write denyoom", 1, -1, 1,
                (s, a) -> unionDiff(s, a.subList(2, a.size()), a.get(1), false));
        t.add("sdiff", -2, "readonly", 1, -1, 1, (s, a) -> unionDiff(s, a.subList(1, a.size()), null, true));
        t.add("sdiffstore", -3, "write denyoom", 1, -1, 1,
                (s, a) -> unionDiff(s, a.subList(2, a.size()), a.get(1), true));
    }

    private static void reply(Session s, SetValue v) {
        List<byte[]> members = v == null ? List.of() : v.members();
        s.reply().set(members.size());
        for (byte[] m : members) {
            s.reply().bulk(m);
        }
    }

    private static void sadd(Session s, List<byte[]> a) {
        SetValue v = s.keys().set(a.get(1));
        if (v == null) {
            v = new SetValue();
            s.db().set(a.get(1), v, false);
        }
        int added = 0;
        for (int i = 2; i < a.size(); i++) {
            if (v.add(a.get(i))) {
                added++;
            }
        }
        if (added == 0) {
            s.unchanged();
        }
        s.reply().integer(added);
    }

    private static void srem(Session s, List<byte[]> a) {
        SetValue v = s.keys().set(a.get(1));
        int removed = 0;
        if (v != null) {
            for (int i = 2; i < a.size(); i++) {
                if (v.remove(a.get(i))) {
                    removed++;
                    if (v.size() == 0) {
                        s.db().delete(a.get(1));
                        break;
                    }
                }
            }
        }
        if (removed == 0) {
            s.unchanged();
        }
        s.reply().integer(removed);
    }

    private static void smove(Session s, List<byte[]> a) {
        io.wharf.kv.store.Entry src = s.keys().lookup(a.get(1));
        io.wharf.kv.store.Entry dst = s.keys().lookup(a.get(2));
        byte[] member = a.get(3);
        if (src == null) {
            s.unchanged();
            s.reply().integer(0);
            return;
        }
        if (!(s.running().writable(src) instanceof SetValue from) || dst != null && !(s.running().writable(dst) instanceof SetValue)) {
            throw new CommandError(CommandError.WRONGTYPE);
        }
        if (src == dst) {
            s.unchanged();
            s.reply().integer(from.contains(member) ? 1 : 0);
            return;
        }
        if (!from.remove(member)) {
            s.unchanged();
            s.reply().integer(0);
            return;
        }
        if (from.size() == 0) {
            s.db().delete(a.get(1));
        }
        SetValue to;
        if (dst == null) {
            to = new SetValue();
            s.db().set(a.get(2), to, false);
        } else {
            to = (SetValue) s.running().writable(dst);
        }
        to.add(member);
        s.reply().integer(1);
    }

    /** The sets at {@code keys}, null for a missing one; WRONGTYPE if any is another type. */
    private static List<SetValue> sets(Session s, List<byte[]> keys) {
        List<SetValue> out = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            out.add(s.keys().set(k));
        }
        return out;
    }

    /** The intersection, walking the smallest set, as {@code sinterGenericCommand}; null if a set is missing. */
    private static List<byte[]> intersection(List<SetValue> sets, long limit) {
        if (sets.contains(null)) {
            return null;
        }
        List<SetValue> bySize = new ArrayList<>(sets);
        bySize.sort(Comparator.comparingInt(SetValue::size));
        List<byte[]> out = new ArrayList<>();
        for (byte[] m : bySize.get(0).members()) {
            boolean everywhere = true;
            for (int i = 1; i < bySize.size() && everywhere; i++) {
                everywhere = bySize.get(i).contains(m);
            }
            if (everywhere) {
                out.add(m);
                if (limit > 0 && out.size() >= limit) {
                    break;
                }
            }
        }
        return out;
    }

    private static void inter(Session s, List<byte[]> keys, byte[] destination) {
        List<byte[]> result = intersection(sets(s, keys), 0);
        if (destination == null) {
            // in the smallest set's order, as Redis replies while it walks that set
            List<byte[]> members = result == null ? List.of() : result;
            s.reply().set(members.size());
            members.forEach(m -> s.reply().bulk(m));
            return;
        }
        SetValue stored = new SetValue();
        if (result != null) {
            result.forEach(stored::add);
        }
        store(s, destination, stored);
    }

    private static void store(Session s, byte[] destination, SetValue value) {
        if (value.size() == 0) {
            s.running().storeNothing(destination);
        } else {
            s.db().set(destination, value, false);
        }
        s.reply().integer(value.size());
    }

    private static void sintercard(Session s, List<byte[]> a) {
        long numkeys;
        byte[] n = a.get(1);
        if (!io.wharf.kv.resp.Numbers.isLong(n) || (numkeys = io.wharf.kv.resp.Numbers.toLong(n)) < 1) {
            throw CommandError.err("numkeys should be greater than 0");
        }
        if (numkeys > a.size() - 2) {
            throw CommandError.err("Number of keys can't be greater than number of args");
        }
        long limit = 0;
        for (int j = (int) (2 + numkeys); j < a.size(); j++) {
            if (Strings.is(a.get(j), "limit") && j < a.size() - 1) {
                byte[] l = a.get(++j);
                if (!io.wharf.kv.resp.Numbers.isLong(l) || (limit = io.wharf.kv.resp.Numbers.toLong(l)) < 0) {
                    throw CommandError.err("LIMIT can't be negative");
                }
            } else {
                throw new CommandError(CommandError.SYNTAX);
            }
        }
        List<byte[]> result = intersection(sets(s, a.subList(2, (int) (2 + numkeys))), limit);
        s.reply().integer(result == null ? 0 : result.size());
    }

    /** {@code sunionDiffGenericCommand}: the result is built as a new set, so it iterates as Redis's does. */
    private static void unionDiff(Session s, List<byte[]> keys, byte[] destination, boolean diff) {
        List<SetValue> sets = sets(s, keys);
        SetValue result = new SetValue();
        if (!diff) {
            for (SetValue v : sets) {
                if (v != null) {
                    v.members().forEach(result::add);
                }
            }
        } else if (sets.get(0) != null) {
            for (byte[] m : sets.get(0).members()) {
                boolean elsewhere = false;
                for (int i = 1; i < sets.size() && !elsewhere; i++) {
                    elsewhere = sets.get(i) != null && sets.get(i).contains(m);
                }
                if (!elsewhere) {
                    result.add(m);
                }
            }
        }
        if (destination == null) {
            reply(s, result);
        } else {
            store(s, destination, result);
        }
    }
}
