package io.wharf.kv.command;

import io.wharf.kv.store.ListValue;

import java.util.List;

/**
 * The list family's commands at a list's ends, after Redis's t_list.c: LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP
 * (with a count) LLEN, and the argument checks and pops the other list commands share. The commands inside a
 * list are {@link ListPositionCommands}, those across two lists or several {@link ListMoveCommands}, the
 * blocking ones {@link BlockingCommands}. A list whose last element goes is deleted.
 */
final class ListCommands {

    private ListCommands() {
    }

    static void register(CommandTable t) {
        t.add("lpush", -3, "write denyoom fast", 1, 1, 1, (s, a) -> push(s, a, true, false));
        t.add("rpush", -3, "write denyoom fast", 1, 1, 1, (s, a) -> push(s, a, false, false));
        t.add("lpushx", -3, "write denyoom fast", 1, 1, 1, (s, a) -> push(s, a, true, true));
        t.add("rpushx", -3, "write denyoom fast", 1, 1, 1, (s, a) -> push(s, a, false, true));
        t.add("lpop", -2, "write fast", 1, 1, 1, (s, a) -> pop(s, a, true));
        t.add("rpop", -2, "write fast", 1, 1, 1, (s, a) -> pop(s, a, false));
        t.add("llen", 2, "readonly fast", 1, 1, 1, (s, a) -> {
            ListValue l = s.keys().list(a.get(1));
            s.reply().integer(l == null ? 0 : l.size());
        });
    }

    /** {@code getListPositionFromObjectOrReply}: true for LEFT, false for RIGHT. */
    static boolean side(byte[] arg) {
        if (Strings.is(arg, "left")) {
            return true;
        }
        if (Strings.is(arg, "right")) {
            return false;
        }
        throw new CommandError(CommandError.SYNTAX);
    }

    /** {@code getRangeLongFromObjectOrReply} with a message for both a non-number and one out of range. */
    static long ranged(byte[] arg, long min, String message) {
        if (!io.wharf.kv.resp.Numbers.isLong(arg)) {
            throw CommandError.err(message);
        }
        long v = io.wharf.kv.resp.Numbers.toLong(arg);
        if (v < min) {
            throw CommandError.err(message);
        }
        return v;
    }

    /** Deletes {@code key} if its list is now empty, else counts its memory again. */
    static void deleteIfEmpty(Session s, byte[] key, ListValue l) {
        if (l.size() == 0) {
            s.db().delete(key);
        } else {
            s.db().reaccount(key); // the pops with key lists (LMPOP, ZMPOP, ...) have no fixed key positions
        }
    }

    private static void push(Session s, List<byte[]> a, boolean left, boolean onlyIfExists) {
        ListValue l = s.keys().list(a.get(1));
        if (l == null) {
            if (onlyIfExists) {
                s.reply().integer(0);
                s.unchanged();
                return;
            }
            l = new ListValue();
            s.db().set(a.get(1), l, false);
        }
        for (int i = 2; i < a.size(); i++) {
            if (left) {
                l.addFirst(a.get(i));
            } else {
                l.addLast(a.get(i));
            }
        }
        s.reply().integer(l.size());
    }

    private static void pop(Session s, List<byte[]> a, boolean left) {
        if (a.size() > 3) {
            throw CommandError.err("wrong number of arguments for '" + (left ? "lpop" : "rpop") + "' command");
        }
        boolean hasCount = a.size() == 3;
        long count = hasCount ? ranged(a.get(2), 0, "value is out of range, must be positive") : 0;
        ListValue l = s.keys().list(a.get(1));
        if (l == null) {
            if (hasCount) {
                s.reply().nullArray();
            } else {
                s.reply().nullBulk();
            }
            return;
        }
        if (hasCount && count == 0) {
            s.reply().array(0);
            return;
        }
        if (!hasCount) {
            s.reply().bulk(left ? l.removeFirst() : l.removeLast());
        } else {
            popRange(s, l, left, count);
        }
        deleteIfEmpty(s, a.get(1), l);
    }

    static void popRange(Session s, ListValue l, boolean left, long count) {
        int n = (int) Math.min(count, l.size());
        s.reply().array(n);
        for (int i = 0; i < n; i++) {
            s.reply().bulk(left ? l.removeFirst() : l.removeLast());
        }
    }

}
