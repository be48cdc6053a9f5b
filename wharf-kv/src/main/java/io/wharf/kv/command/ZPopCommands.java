package io.wharf.kv.command;

import io.wharf.kv.store.SkipList;
import io.wharf.kv.store.ZSetValue;

import java.util.List;

/**
 * ZPOPMIN ZPOPMAX ZMPOP, and the pop their blocking forms (BZPOPMIN BZPOPMAX BZMPOP, {@link BlockingCommands})
 * share: Redis's {@code genericZpopCommand}, whose reply shape depends on the command and the protocol.
 */
final class ZPopCommands {

    private ZPopCommands() {
    }

    static void register(CommandTable t) {
        t.add("zpopmin", -2, "write fast", 1, 1, 1, (s, a) -> zpop(s, a, false));
        t.add("zpopmax", -2, "write fast", 1, 1, 1, (s, a) -> zpop(s, a, true));
        t.add("zmpop", -4, "write", 0, 0, 0, (s, a) -> {
            Mpop m = Mpop.parse(a, 1);
            pop(s, m.keys, m.max, true, m.count, true, true);
        });
    }

    /** ZMPOP's and BZMPOP's arguments after the timeout: numkeys, keys, MIN|MAX, [COUNT n]. */
    record Mpop(List<byte[]> keys, boolean max, long count) {
        static Mpop parse(List<byte[]> a, int numkeysIndex) {
            long numkeys = ListCommands.ranged(a.get(numkeysIndex), 1, "numkeys should be greater than 0");
            if (numkeys >= a.size()) {
                throw new CommandError(CommandError.SYNTAX);
            }
            int where = (int) (numkeysIndex + numkeys + 1);
            if (where >= a.size()) {
                throw new CommandError(CommandError.SYNTAX);
            }
            boolean max;
            if (Strings.is(a.get(where), "min")) {
                max = false;
            } else if (Strings.is(a.get(where), "max")) {
                max = true;
            } else {
                throw new CommandError(CommandError.SYNTAX);
            }
            long count = -1;
            for (int j = where + 1; j < a.size(); j++) {
                if (count == -1 && Strings.is(a.get(j), "count") && j < a.size() - 1) {
                    count = ListCommands.ranged(a.get(++j), 1, "count should be greater than 0");
                } else {
                    throw new CommandError(CommandError.SYNTAX);
                }
            }
            return new Mpop(a.subList(numkeysIndex + 1, where), max, count == -1 ? 1 : count);
        }
    }

    private static void zpop(Session s, List<byte[]> a, boolean max) {
        if (a.size() > 3) {
            throw new CommandError(CommandError.SYNTAX);
        }
        long count = -1;
        if (a.size() == 3) {
            count = ListCommands.ranged(a.get(2), 0, "value is out of range, must be positive");
        }
        pop(s, a.subList(1, 2), max, false, count, s.reply().resp3() && count != -1, false);
    }

    /**
     * Pops from the first of {@code keys} that holds a sorted set; WRONGTYPE stops at the first key of another
     * type. {@code count} -1 is a plain single pop. Returns false (having replied) if no key held one.
     */
    static boolean pop(Session s, List<byte[]> keys, boolean max, boolean emitKey, long count, boolean nested,
                       boolean nilWhenEmpty) {
        byte[] key = null;
        ZSetValue z = null;
        for (byte[] k : keys) {
            z = ZSetCommands.zset(s, k);
            if (z != null) {
                key = k;
                break;
            }
        }
        if (z == null) {
            s.unchanged();
            if (nilWhenEmpty) {
                s.reply().nullArray();
            } else {
                s.reply().array(0);
            }
            return false;
        }
        if (count == 0) {
            s.unchanged();
            s.reply().array(0);
            return true;
        }
        if (emitKey) {
            s.running().modified(key); // ZMPOP names several keys and changes one, which alone WATCH sees
        }
        if (count == -1) {
            count = 1;
        }
        int n = (int) Math.min(count, z.size());
        if (!nested && !emitKey) {
            s.reply().array(n * 2);
        } else if (nested && !emitKey) {
            s.reply().array(n);
        } else if (!nested) {
            s.reply().array(n * 2 + 1).bulk(key);
        } else {
            s.reply().array(2).bulk(key).array(n);
        }
        for (int i = 0; i < n; i++) {
            SkipList.Node node = max ? z.last() : z.first();
            z.remove(node.member());
            if (nested) {
                s.reply().array(2);
            }
            s.reply().bulk(node.member()).doubleReply(node.score());
        }
        ZSetCommands.deleteIfEmpty(s, key, z);
        return true;
    }
}
