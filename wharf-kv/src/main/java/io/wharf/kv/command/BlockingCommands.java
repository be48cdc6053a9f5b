package io.wharf.kv.command;

import io.wharf.kv.store.ListValue;
import io.wharf.kv.store.ZSetValue;

import java.util.List;

/**
 * The blocking pops, after Redis's {@code blockingPopGenericCommand}, {@code blmoveGenericCommand} and
 * {@code blockingGenericZpopCommand}: BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP BZPOPMIN BZPOPMAX BZMPOP. Each does
 * its non-blocking pop when a key holds data; otherwise it blocks ({@link Waiters#block}) until a push makes a
 * key ready, when it is run again to pop, or until its timeout, answered with a null array. Inside MULTI it
 * never blocks: it answers as a timeout at once.
 */
final class BlockingCommands {

    private BlockingCommands() {
    }

    static void register(CommandTable t) {
        t.add("blpop", -3, "write noscript blocking", 1, -2, 1, (s, a) -> bpop(s, a, true));
        t.add("brpop", -3, "write noscript blocking", 1, -2, 1, (s, a) -> bpop(s, a, false));
        t.add("blmove", 6, "write denyoom noscript blocking", 1, 2, 1, (s, a) -> {
            boolean fromLeft = ListCommands.side(a.get(3));
            boolean toLeft = ListCommands.side(a.get(4));
            blmove(s, a, fromLeft, toLeft, Timeouts.deadline(a.get(5), s.now()));
        });
        t.add("brpoplpush", 4, "write denyoom noscript blocking", 1, 2, 1,
                (s, a) -> blmove(s, a, false, true, Timeouts.deadline(a.get(3), s.now())));
        t.add("blmpop", -5, "write blocking", 0, 0, 0, BlockingCommands::blmpop);
        t.add("bzpopmin", -3, "write noscript blocking fast", 1, -2, 1, (s, a) -> bzpop(s, a, false));
        t.add("bzpopmax", -3, "write noscript blocking fast", 1, -2, 1, (s, a) -> bzpop(s, a, true));
        t.add("bzmpop", -5, "write blocking", 0, 0, 0, BlockingCommands::bzmpop);
    }

    private static void bpop(Session s, List<byte[]> a, boolean left) {
        long deadline = Timeouts.deadline(a.get(a.size() - 1), s.now());
        List<byte[]> keys = a.subList(1, a.size() - 1);
        for (byte[] key : keys) {
            ListValue l = s.keys().list(key);
            if (l == null || l.size() == 0) {
                continue;
            }
            s.reply().array(2).bulk(key).bulk(left ? l.removeFirst() : l.removeLast());
            ListCommands.deleteIfEmpty(s, key, l);
            s.propagate(Strings.bytes(left ? "LPOP" : "RPOP"), key);
            return;
        }
        blockOrNull(s, keys, false, deadline);
    }

    private static void blockOrNull(Session s, List<byte[]> keys, boolean zset, long deadline) {
        if (s.blocking().denyBlocking()) {
            s.reply().nullArray();
        } else {
            s.state().waiters().block(s, keys, zset, deadline);
        }
    }

    private static void blmove(Session s, List<byte[]> a, boolean fromLeft, boolean toLeft, long deadline) {
        ListValue source = s.keys().list(a.get(1));
        if (source != null) {
            ListMoveCommands.lmove(s, a.get(1), a.get(2), fromLeft, toLeft);
            s.propagate(Strings.bytes("LMOVE"), a.get(1), a.get(2), Strings.bytes(fromLeft ? "LEFT" : "RIGHT"),
                    Strings.bytes(toLeft ? "LEFT" : "RIGHT"));
        } else if (s.blocking().denyBlocking()) {
            s.reply().nullBulk();
        } else {
            s.state().waiters().block(s, a.subList(1, 2), false, deadline);
        }
    }

    /** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]. */
    private static void blmpop(Session s, List<byte[]> a) {
        long numkeys = ListCommands.ranged(a.get(2), 1, "numkeys should be greater than 0");
        if (numkeys >= a.size()) {
            throw new CommandError(CommandError.SYNTAX);
        }
        int where = (int) (2 + numkeys + 1);
        if (where >= a.size()) {
            throw new CommandError(CommandError.SYNTAX);
        }
        boolean left = ListCommands.side(a.get(where));
        long count = -1;
        for (int j = where + 1; j < a.size(); j++) {
            if (count == -1 && Strings.is(a.get(j), "count") && j < a.size() - 1) {
                count = ListCommands.ranged(a.get(++j), 1, "count should be greater than 0");
            } else {
                throw new CommandError(CommandError.SYNTAX);
            }
        }
        long deadline = Timeouts.deadline(a.get(1), s.now());
        List<byte[]> keys = a.subList(3, where);
        for (byte[] key : keys) {
            ListValue l = s.keys().list(key);
            if (l == null || l.size() == 0) {
                continue;
            }
            s.reply().array(2).bulk(key);
            long n = count == -1 ? 1 : count;
            ListCommands.popRange(s, l, left, n);
            ListCommands.deleteIfEmpty(s, key, l);
            s.propagate(Strings.bytes(left ? "LPOP" : "RPOP"), key, Strings.bytes(Long.toString(n)));
            return;
        }
        blockOrNull(s, keys, false, deadline);
    }

    private static void bzpop(Session s, List<byte[]> a, boolean max) {
        long deadline = Timeouts.deadline(a.get(a.size() - 1), s.now());
        List<byte[]> keys = a.subList(1, a.size() - 1);
        if (!zpopFirstNonEmpty(s, keys, max, false, -1)) {
            blockOrNull(s, keys, true, deadline);
        }
    }

    /** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]. */
    private static void bzmpop(Session s, List<byte[]> a) {
        ZPopCommands.Mpop m = ZPopCommands.Mpop.parse(a, 2);
        long deadline = Timeouts.deadline(a.get(1), s.now());
        if (!zpopFirstNonEmpty(s, m.keys(), m.max(), true, m.count())) {
            blockOrNull(s, m.keys(), true, deadline);
        }
    }

    /** Pops, with the key, from the first key holding a non-empty sorted set; false (nothing replied) if none. */
    private static boolean zpopFirstNonEmpty(Session s, List<byte[]> keys, boolean max, boolean nested, long count) {
        for (byte[] key : keys) {
            ZSetValue z = ZSetCommands.zset(s, key);
            if (z == null || z.size() == 0) {
                continue;
            }
            ZPopCommands.pop(s, List.of(key), max, true, count, nested, true);
            String pop = max ? "ZPOPMAX" : "ZPOPMIN";
            if (count == -1) {
                s.propagate(Strings.bytes(pop), key);
            } else {
                s.propagate(Strings.bytes(pop), key, Strings.bytes(Long.toString(count)));
            }
            return true;
        }
        return false;
    }
}
