package io.wharf.kv.command;

import io.wharf.kv.store.Entry;
import io.wharf.kv.store.ListValue;

import java.util.List;

/**
 * The list commands inside a list, after Redis's t_list.c: by index or range (LRANGE LINDEX LSET LTRIM) and by
 * element (LREM LINSERT LPOS). A list whose last element goes is deleted.
 */
final class ListPositionCommands {

    private ListPositionCommands() {
    }

    static void register(CommandTable t) {
        t.add("lrange", 4, "readonly", 1, 1, 1, ListPositionCommands::lrange);
        t.add("lindex", 3, "readonly", 1, 1, 1, ListPositionCommands::lindex);
        t.add("lset", 4, "write denyoom", 1, 1, 1, ListPositionCommands::lset);
        t.add("lrem", 4, "write", 1, 1, 1, ListPositionCommands::lrem);
        t.add("ltrim", 4, "write", 1, 1, 1, ListPositionCommands::ltrim);
        t.add("linsert", 5, "write denyoom", 1, 1, 1, ListPositionCommands::linsert);
        t.add("lpos", -3, "readonly", 1, 1, 1, ListPositionCommands::lpos);
    }

    private static void lrange(Session s, List<byte[]> a) {
        long start = Args.toLong(a.get(2));
        long end = Args.toLong(a.get(3));
        ListValue l = s.keys().list(a.get(1));
        if (l == null) {
            s.reply().array(0);
            return;
        }
        Window w = Window.of(start, end, l.size());
        if (w == null) {
            s.reply().array(0);
            return;
        }
        s.reply().array(w.to() - w.from());
        for (int i = w.from(); i < w.to(); i++) {
            s.reply().bulk(l.get(i));
        }
    }

    /**
     * Redis's list range {@code [start, end]} (a negative index counts from the end; both clamped to the list) as
     * the half-open window {@code [from, to)} of a list of {@code length}, or null when it holds nothing: LRANGE
     * reads it and LTRIM keeps it.
     */
    private record Window(int from, int to) {
        static Window of(long start, long end, long length) {
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
                return null;
            }
            if (end >= length) {
                end = length - 1;
            }
            return new Window((int) start, (int) end + 1);
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
        ListCommands.deleteIfEmpty(s, a.get(1), l);
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
        Window w = Window.of(start, end, l.size());
        if (w == null) {
            l.trim(0, 0);
        } else {
            l.trim(w.from(), w.to());
        }
        ListCommands.deleteIfEmpty(s, a.get(1), l);
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
                count = ListCommands.ranged(a.get(++j), 0, "COUNT can't be negative");
            } else if (Strings.is(opt, "maxlen") && more) {
                maxlen = ListCommands.ranged(a.get(++j), 0, "MAXLEN can't be negative");
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
}
