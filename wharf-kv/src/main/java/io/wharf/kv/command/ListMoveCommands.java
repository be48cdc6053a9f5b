package io.wharf.kv.command;

import io.wharf.kv.store.ListValue;

import java.util.Arrays;
import java.util.List;

/**
 * The list commands across lists, after Redis's t_list.c: LMOVE RPOPLPUSH (from one list to another) and LMPOP
 * (from the first of several that has elements); BLMOVE BRPOPLPUSH ({@link BlockingCommands}) share the move.
 * A list whose last element goes is deleted.
 */
final class ListMoveCommands {

    private ListMoveCommands() {
    }

    static void register(CommandTable t) {
        t.add("lmove", 5, "write denyoom", 1, 2, 1, (s, a) -> {
            boolean fromLeft = ListCommands.side(a.get(3));
            boolean toLeft = ListCommands.side(a.get(4));
            lmove(s, a.get(1), a.get(2), fromLeft, toLeft);
        });
        t.add("rpoplpush", 3, "write denyoom", 1, 2, 1, (s, a) -> lmove(s, a.get(1), a.get(2), false, true));
        t.add("lmpop", -4, "write", 0, 0, 0, ListMoveCommands::lmpop);
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
        long numkeys = ListCommands.ranged(a.get(1), 1, "numkeys should be greater than 0");
        if (numkeys > a.size()) {
            throw new CommandError(CommandError.SYNTAX);
        }
        int whereIndex = (int) (1 + numkeys + 1);
        if (whereIndex >= a.size()) {
            throw new CommandError(CommandError.SYNTAX);
        }
        boolean left = ListCommands.side(a.get(whereIndex));
        long count = -1;
        for (int j = whereIndex + 1; j < a.size(); j++) {
            boolean more = j < a.size() - 1;
            if (count == -1 && Strings.is(a.get(j), "count") && more) {
                count = ListCommands.ranged(a.get(++j), 1, "count should be greater than 0");
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
            ListCommands.popRange(s, l, left, count);
            ListCommands.deleteIfEmpty(s, a.get(k), l);
            s.running().modified(a.get(k)); // for WATCH, the one key of those named that changed
            return;
        }
        s.reply().nullArray();
    }
}
