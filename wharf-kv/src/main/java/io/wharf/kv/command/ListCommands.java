package io.wharf.kv.command;

import io.wharf.kv.store.Entry;
import io.wharf.kv.store.ListValue;

import java.util.Arrays;
import java.util.List;

/**
 * The list family without the blocking commands, after Redis's t_list.c: LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP
 * (with a count) LLEN LRANGE LINDEX LSET LREM LTRIM LINSERT LPOS LMOVE RPOPLPUSH LMPOP. A list whose last
 * element goes is deleted.
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
        t.add("lrange", 4, "readonly", 1, 1, 1, ListCommands::lrange);
        t.add("lindex", 3, "readonly", 1, 1, 1, ListCommands::lindex);
        t.add("lset", 4, "write denyoom", 1, 1, 1, ListCommands::lset);
        t.add("lrem", 4, "write", 1, 1, 1, ListCommands::lrem);
        t.add("ltrim", 4, "write", 1, 1, 1, ListCommands::ltrim);
        t.add("linsert", 5, "write denyoom", 1, 1, 1, ListCommands::linsert);
        t.add("lpos", -3, "readonly", 1, 1, 1, ListCommands::lpos);
        t.add("lmove", 5, "write denyoom", 1, 2, 1, (s, a) -> {
            boolean fromLeft = side(a.get(3));
            boolean toLeft = side(a.get(4));
            lmove(s, a.get(1), a.get(2), fromLeft, toLeft);
        });
        t.add("rpoplpush", 3, "write denyoom", 1, 2, 1, (s, a) -> lmove(s, a.get(1), a.get(2), false, true));
        t.add("lmpop", -4, "write", 0, 0, 0, ListCommands::lmpop);
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

    private static void lrange(Session s, List<byte[]> a) {
        long start = Args.toLong(a.get(2));
        long end = Args.toLong(a.get(3));
        ListValue l = s.keys().list(a.get(1));
        if (l == null) {
            s.reply().array(0);
            return;
        }
        long length = l.size();
        if (start < 0) {
            start = length + start;
        }
        if (end < 0) {
            end = length + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= length) {
            s.reply().array(0);
            return;
        }
        if (end >= length) {
            end = length - 1;
        }
        s.reply().array((int) (end - start + 1));
        for (long i = start; i <= end; i++) {
            s.reply().bulk(l.get((int) i));
        }
    }

    /** A Redis index (negative counts from the end) as a position in {@code l}, or -1 when out of range. */
    private static int position(ListValue l, long index) {
        long i = index < 0 ? l.size() + index : index;
        return i < 0 || i >= l.size() ? -1 : (int) i;
    }

    private static void lindex(Session s, List<byte[]> a) {
        ListValue l = s.keys().list(a.get(1));
        if (l == null) {
            s.reply().nullBulk();
            return;
        }
        int i = position(l, Args.toLong(a.get(2)));
        if (i < 0) {
            s.reply().nullBulk();
        } else {
            s.reply().bulk(l.get(i));
        }
    }

    private static void lset(Session s, List<byte[]> a) {
        ListValue l = s.keys().list(a.get(1));
        if (l == null) {
            throw new CommandError(CommandError.NO_SUCH_KEY);
        }
        int i = position(l, Args.toLong(a.get(2)));
        if (i < 0) {
            throw CommandError.err("index out of range");
        }
        l.set(i, a.get(3));
        s.reply().ok();
    }

    private static void lrem(Session s, List<byte[]> a) {
        long count = Args.toLong(a.get(2));
        ListValue l = s.keys().list(a.get(1));
        if (l == null) {
            s.reply().integer(0);
            s.unchanged();
            return;
        }
        byte[] element = a.get(3);
        long removed = 0;
        if (count >= 0) {
            for (int i = 0; i < l.size() && (count == 0 || removed < count); ) {
                if (l.equalsAt(i, element)) {
                    l.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = l.size() - 1; i >= 0 && removed < -count; i--) {
                if (l.equalsAt(i, element)) {
                    l.remove(i);
                    removed++;
                }
            }
        }
        deleteIfEmpty(s, a.get(1), l);
        if (removed == 0) {
            s.unchanged();
        }
        s.reply().integer(removed);
    }

    private static void ltrim(Session s, List<byte[]> a) {
        long start = Args.toLong(a.get(2));
        long end = Args.toLong(a.get(3));
        ListValue l = s.keys().list(a.get(1));
        if (l == null) {
            s.reply().ok();
            return;
        }
        long length = l.size();
        if (start < 0) {
            start = length + start;
        }
        if (end < 0) {
            end = length + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= length) {
            l.trim(0, 0);
        } else {
            if (end >= length) {
                end = length - 1;
            }
            l.trim((int) start, (int) end + 1);
        }
        deleteIfEmpty(s, a.get(1), l);
        s.reply().ok();
    }

    private static void linsert(Session s, List<byte[]> a) {
        boolean after;
        if (Strings.is(a.get(2), "after")) {
            after = true;
        } else if (Strings.is(a.get(2), "before")) {
            after = false;
        } else {
            throw new CommandError(CommandError.SYNTAX);
        }
        ListValue l = s.keys().list(a.get(1));
        if (l == null) {
            s.reply().integer(0);
            return;
        }
        for (int i = 0; i < l.size(); i++) {
            if (l.equalsAt(i, a.get(3))) {
                l.insert(after ? i + 1 : i, a.get(4));
                s.reply().integer(l.size());
                return;
            }
        }
        s.reply().integer(-1);
    }

    private static void lpos(Session s, List<byte[]> a) {
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int j = 3; j < a.size(); j++) {
            byte[] opt = a.get(j);
            boolean more = j < a.size() - 1;
            if (Strings.is(opt, "rank") && more) {
                rank = Args.toLong(a.get(++j));
                if (rank == 0) {
                    throw CommandError.err("RANK can't be zero: use 1 to start from the first match, 2 from the"
                            + " second ... or use negative to start from the end of the list");
                }
            } else if (Strings.is(opt, "count") && more) {
                count = ranged(a.get(++j), 0, "COUNT can't be negative");
            } else if (Strings.is(opt, "maxlen") && more) {
                maxlen = ranged(a.get(++j), 0, "MAXLEN can't be negative");
            } else {
                throw new CommandError(CommandError.SYNTAX);
            }
        }
        boolean fromTail = rank < 0;
        // as C's -rank: RANK -9223372036854775808 stays negative, so its first match from the tail counts
        if (fromTail && rank != Long.MIN_VALUE) {
            rank = -rank;
        }
        Entry e = s.keys().lookup(a.get(1));
        if (e == null) {
            if (count != -1) {
                s.reply().array(0);
            } else {
                s.reply().nullBulk();
            }
            return;
        }
        ListValue l = s.keys().list(a.get(1));
        byte[] element = a.get(2);
        List<Long> found = new java.util.ArrayList<>();
        long matches = 0;
        int length = l.size();
        for (int index = 0; index < length && (maxlen == 0 || index < maxlen); index++) {
            int at = fromTail ? length - 1 - index : index;
            if (l.equalsAt(at, element)) {
                matches++;
                if (matches >= rank) {
                    found.add((long) at);
                    if (count == -1 || count != 0 && matches - rank + 1 >= count) {
                        break;
                    }
                }
            }
        }
        if (count != -1) {
            s.reply().array(found.size());
            found.forEach(i -> s.reply().integer(i));
        } else if (found.isEmpty()) {
            s.reply().nullBulk();
        } else {
            s.reply().integer(found.get(0));
        }
    }

    static void lmove(Session s, byte[] from, byte[] to, boolean fromLeft, boolean toLeft) {
        ListValue source = s.keys().list(from);
        if (source == null) {
            s.reply().nullBulk();
            return;
        }
        ListValue dest = s.keys().list(to);
        byte[] value = fromLeft ? source.removeFirst() : source.removeLast();
        if (dest == null) {
            dest = new ListValue();
            s.db().set(to, dest, false);
        }
        if (toLeft) {
            dest.addFirst(value);
        } else {
            dest.addLast(value);
        }
        s.reply().bulk(value);
        if (source.size() == 0 && !Arrays.equals(from, to)) {
            s.db().delete(from);
        }
    }

    private static void lmpop(Session s, List<byte[]> a) {
        long numkeys = ranged(a.get(1), 1, "numkeys should be greater than 0");
        if (numkeys > a.size()) {
            throw new CommandError(CommandError.SYNTAX);
        }
        int whereIndex = (int) (1 + numkeys + 1);
        if (whereIndex >= a.size()) {
            throw new CommandError(CommandError.SYNTAX);
        }
        boolean left = side(a.get(whereIndex));
        long count = -1;
        for (int j = whereIndex + 1; j < a.size(); j++) {
            boolean more = j < a.size() - 1;
            if (count == -1 && Strings.is(a.get(j), "count") && more) {
                count = ranged(a.get(++j), 1, "count should be greater than 0");
            } else {
                throw new CommandError(CommandError.SYNTAX);
            }
        }
        if (count == -1) {
            count = 1;
        }
        for (int k = 2; k < whereIndex; k++) {
            ListValue l = s.keys().list(a.get(k));
            if (l == null || l.size() == 0) {
                continue;
            }
            s.reply().array(2).bulk(a.get(k));
            popRange(s, l, left, count);
            deleteIfEmpty(s, a.get(k), l);
            s.running().modified(a.get(k)); // for WATCH, the one key of those named that changed
            return;
        }
        s.reply().nullArray();
    }
}
