package io.wharf.kv.command;

import io.wharf.kv.store.SkipList;
import io.wharf.kv.store.ZSetValue;

import java.util.ArrayList;
import java.util.List;

/**
 * The sorted-set range queries, all one {@code zrangeGenericCommand} as in Redis: ZRANGE (BYSCORE BYLEX REV
 * LIMIT WITHSCORES), ZRANGESTORE, and the older ZREVRANGE ZRANGEBYSCORE ZREVRANGEBYSCORE ZRANGEBYLEX
 * ZREVRANGEBYLEX, which fix the range type and direction (so naming them again is a syntax error).
 */
final class ZRangeCommands {

    private enum Type { AUTO, RANK, SCORE, LEX }

    private ZRangeCommands() {
    }

    static void register(CommandTable t) {
        t.add("zrange", -4, "readonly", 1, 1, 1, (s, a) -> range(s, a, 1, null, Type.AUTO, null));
        t.add("zrangestore", -5, "write denyoom", 1, 2, 1, (s, a) -> range(s, a, 2, a.get(1), Type.AUTO, null));
        t.add("zrevrange", -4, "readonly", 1, 1, 1, (s, a) -> range(s, a, 1, null, Type.RANK, true));
        t.add("zrangebyscore", -4, "readonly", 1, 1, 1, (s, a) -> range(s, a, 1, null, Type.SCORE, false));
        t.add("zrevrangebyscore", -4, "readonly", 1, 1, 1, (s, a) -> range(s, a, 1, null, Type.SCORE, true));
        t.add("zrangebylex", -4, "readonly", 1, 1, 1, (s, a) -> range(s, a, 1, null, Type.LEX, false));
        t.add("zrevrangebylex", -4, "readonly", 1, 1, 1, (s, a) -> range(s, a, 1, null, Type.LEX, true));
    }

    /**
     * @param from      the index of the source key
     * @param store     the destination of ZRANGESTORE, else null
     * @param reverse   the direction a command fixes, or null (ZRANGE, ZRANGESTORE: REV may say)
     */
    private static void range(Session s, List<byte[]> a, int from, byte[] store, Type type, Boolean reverse) {
        byte[] key = a.get(from);
        int minIdx = from + 1;
        int maxIdx = from + 2;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = from + 3; j < a.size(); j++) {
            int left = a.size() - j - 1;
            byte[] o = a.get(j);
            if (store == null && Strings.is(o, "withscores")) {
                withScores = true;
            } else if (Strings.is(o, "limit") && left >= 2) {
                offset = Args.toLong(a.get(j + 1));
                limit = Args.toLong(a.get(j + 2));
                j += 2;
            } else if (reverse == null && Strings.is(o, "rev")) {
                reverse = true;
            } else if (type == Type.AUTO && Strings.is(o, "bylex")) {
                type = Type.LEX;
            } else if (type == Type.AUTO && Strings.is(o, "byscore")) {
                type = Type.SCORE;
            } else {
                throw new CommandError(CommandError.SYNTAX);
            }
        }
        boolean rev = reverse != null && reverse;
        if (type == Type.AUTO) {
            type = Type.RANK;
        }
        if (limit != -1 && type == Type.RANK) {
            throw CommandError.err("syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && type == Type.LEX) {
            throw CommandError.err("syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        if (rev && type != Type.RANK) {
            int t = minIdx;
            minIdx = maxIdx;
            maxIdx = t;
        }
        long start = 0;
        long end = 0;
        SkipList.Range range = null;
        switch (type) {
            case RANK -> {
                start = Args.toLong(a.get(minIdx));
                end = Args.toLong(a.get(maxIdx));
            }
            case SCORE -> range = ZRanges.score(a.get(minIdx), a.get(maxIdx));
            default -> range = ZRanges.lex(a.get(minIdx), a.get(maxIdx));
        }
        ZSetValue z = ZSetCommands.zset(s, key);
        List<SkipList.Node> result;
        if (z == null) {
            result = List.of();
        } else if (type == Type.RANK) {
            result = byRank(z, start, end, rev);
        } else {
            result = byRange(z, range, offset, limit, rev);
        }
        if (store != null) {
            store(s, store, result);
            return;
        }
        reply(s, result, withScores);
    }

    /** The reply of a range: members, with their scores if asked (pairs in RESP3, flat in RESP2). */
    static void reply(Session s, List<SkipList.Node> nodes, boolean withScores) {
        s.reply().array(withScores && !s.reply().resp3() ? nodes.size() * 2 : nodes.size());
        for (SkipList.Node n : nodes) {
            if (withScores) {
                ZSetCommands.memberWithScore(s, n.member(), n.score());
            } else {
                s.reply().bulk(n.member());
            }
        }
    }

    /** {@code genericZrangebyrankCommand}: negative indexes count from the end, then clamped. */
    static List<SkipList.Node> byRank(ZSetValue z, long start, long end, boolean reverse) {
        long size = z.size();
        if (start < 0) {
            start += size;
        }
        if (end < 0) {
            end += size;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= size) {
            return List.of();
        }
        if (end >= size) {
            end = size - 1;
        }
        List<SkipList.Node> out = new ArrayList<>((int) (end - start + 1));
        SkipList.Node n = z.at(reverse ? size - 1 - start : start);
        for (long i = start; i <= end; i++) {
            out.add(n);
            n = reverse ? n.previous() : n.next();
        }
        return out;
    }

    /**
     * {@code genericZrangebyscoreCommand} and its lex twin: skip {@code offset} members in range (a negative one
     * skips them all), then take up to {@code limit} (a negative one: all).
     */
    private static List<SkipList.Node> byRange(ZSetValue z, SkipList.Range range, long offset, long limit,
                                               boolean reverse) {
        if (offset > 0 && offset >= z.size()) {
            return List.of();
        }
        SkipList.Node n = reverse ? z.lastIn(range) : z.firstIn(range);
        if (offset < 0) {
            return List.of();
        }
        while (n != null && offset-- > 0) {
            n = reverse ? n.previous() : n.next();
        }
        List<SkipList.Node> out = new ArrayList<>();
        while (n != null && limit-- != 0) {
            if (reverse ? !range.aboveMin(n) : !range.belowMax(n)) {
                break;
            }
            out.add(n);
            n = reverse ? n.previous() : n.next();
        }
        return out;
    }

    /** ZRANGESTORE's end: the destination holds the result, or is deleted when it is empty. */
    private static void store(Session s, byte[] destination, List<SkipList.Node> nodes) {
        if (nodes.isEmpty()) {
            s.running().storeNothing(destination);
            s.reply().integer(0);
            return;
        }
        ZSetValue out = new ZSetValue();
        for (SkipList.Node n : nodes) {
            out.put(n.member(), n.score());
        }
        out.compactIfSmall();
        s.db().set(destination, out, false);
        s.reply().integer(nodes.size());
    }
}
