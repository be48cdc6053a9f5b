package io.wharf.kv.command;

import io.wharf.kv.store.SkipList;
import io.wharf.kv.store.ZSetValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ZRANDMEMBER and ZSCAN. ZRANDMEMBER follows {@code zrandmemberWithCountCommand}: a negative count may repeat
 * members (in random order), a positive one never does, and one at least the set's size returns the whole set
 * in order. ZSCAN returns a small (listpack) set whole with cursor 0, as Redis does; a larger one is walked
 * with the dict's reverse-binary cursor.
 */
final class ZRandomCommands {

    private ZRandomCommands() {
    }

    static void register(CommandTable t) {
        t.add("zrandmember", -2, "readonly", 1, 1, 1, ZRandomCommands::zrandmember);
        t.add("zscan", -3, "readonly", 1, 1, 1, ZRandomCommands::zscan);
    }

    /** {@code getRangeLongFromObjectOrReply} without a message of its own. */
    static long rangedLong(byte[] arg, long min, long max) {
        long v = Args.toLong(arg);
        if (v < min || v > max) {
            throw CommandError.err("value is out of range, value must between " + min + " and " + max);
        }
        return v;
    }

    private static void zrandmember(Session s, List<byte[]> a) {
        if (a.size() < 3) {
            ZSetValue z = ZSetCommands.zset(s, a.get(1));
            if (z == null) {
                s.reply().nullBulk();
            } else {
                s.reply().bulk(z.random().member());
            }
            return;
        }
        long l = rangedLong(a.get(2), -Long.MAX_VALUE, Long.MAX_VALUE);
        boolean withScores = false;
        if (a.size() > 4 || a.size() == 4 && !Strings.is(a.get(3), "withscores")) {
            throw new CommandError(CommandError.SYNTAX);
        } else if (a.size() == 4) {
            withScores = true;
            if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                throw CommandError.err("value is out of range");
            }
        }
        ZSetValue z = ZSetCommands.zset(s, a.get(1));
        if (z == null || l == 0) {
            s.reply().array(0);
            return;
        }
        boolean unique = l > 0;
        long count = Math.abs(l);
        if (!unique || count == 1) {
            s.reply().array((int) (withScores && !s.reply().resp3() ? count * 2 : count));
            for (long i = 0; i < count; i++) {
                SkipList.Node n = z.random();
                emit(s, n, withScores);
            }
            return;
        }
        if (count >= z.size()) {
            // the whole set, as Redis's zset iterator walks it: from the highest
            List<SkipList.Node> all = new ArrayList<>(z.nodes());
            Collections.reverse(all);
            ZRangeCommands.reply(s, all, withScores);
            return;
        }
        List<SkipList.Node> picked = new ArrayList<>();
        Set<SkipList.Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        if (count * 3 > z.size()) {
            // most of the set: drop random members from a copy, as Redis's CASE 3
            List<SkipList.Node> all = new ArrayList<>(z.nodes());
            Collections.shuffle(all, ThreadLocalRandom.current());
            picked = all.subList(0, (int) count);
        } else {
            while (picked.size() < count) {
                SkipList.Node n = z.random();
                if (seen.add(n)) {
                    picked.add(n);
                }
            }
        }
        s.reply().array((int) (withScores && !s.reply().resp3() ? count * 2 : count));
        for (SkipList.Node n : picked) {
            emit(s, n, withScores);
        }
    }

    private static void emit(Session s, SkipList.Node n, boolean withScores) {
        if (withScores) {
            ZSetCommands.memberWithScore(s, n.member(), n.score());
        } else {
            s.reply().bulk(n.member());
        }
    }

    private static void zscan(Session s, List<byte[]> a) {
        long cursor = KeyCommands.cursor(a.get(2));
        ZSetValue z = ZSetCommands.zset(s, a.get(1));
        if (z == null) {
            Scan.empty(s);
            return;
        }
        Scan scan = Scan.parse(a, 3);
        List<byte[]> out = new ArrayList<>();
        if (z.encoding().equals("listpack")) {
            for (SkipList.Node n = z.first(); n != null; n = n.next()) {
                scan.add(out, n.member(), score(n.score()));
            }
            cursor = 0;
        } else {
            List<SkipList.Node> found = new ArrayList<>();
            long iterations = scan.count() * 10;
            do {
                cursor = z.scan(cursor, (m, score) -> found.add(z.node(m)));
            } while (cursor != 0 && iterations-- > 0 && found.size() < scan.count());
            for (SkipList.Node n : found) {
                scan.add(out, n.member(), score(n.score()));
            }
        }
        Scan.reply(s, cursor, out);
    }

    private static byte[] score(double d) {
        return io.wharf.kv.resp.Reply.formatDouble(d).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
