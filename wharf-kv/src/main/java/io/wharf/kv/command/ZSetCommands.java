package io.wharf.kv.command;

import io.wharf.kv.store.Entry;
import io.wharf.kv.store.SkipList;
import io.wharf.kv.store.ZSetValue;

import java.util.ArrayList;
import java.util.List;

/**
 * The sorted-set family's single-key commands, after Redis's t_zset.c: ZADD (NX XX GT LT CH INCR) ZINCRBY ZREM
 * ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK ZCOUNT ZLEXCOUNT and the removals by range. The range queries are
 * {@link ZRangeCommands}, pops {@link ZPopCommands}, the multi-key algebra {@link ZSetAlgebra}. A sorted set
 * whose last member goes is deleted. Scores are doubles; replies print them as {@link io.wharf.kv.resp.Reply#doubleReply}.
 */
final class ZSetCommands {

    static final String NAN = "ERR resulting score is not a number (NaN)";

    private ZSetCommands() {
    }

    static void register(CommandTable t) {
        t.add("zadd", -4, "write denyoom fast", 1, 1, 1, (s, a) -> zadd(s, a, false));
        t.add("zincrby", 4, "write denyoom fast", 1, 1, 1, (s, a) -> zadd(s, a, true));
        t.add("zrem", -3, "write fast", 1, 1, 1, ZSetCommands::zrem);
        t.add("zcard", 2, "readonly fast", 1, 1, 1, (s, a) -> {
            ZSetValue z = zset(s, a.get(1));
            s.reply().integer(z == null ? 0 : z.size());
        });
        t.add("zscore", 3, "readonly fast", 1, 1, 1, (s, a) -> {
            ZSetValue z = zset(s, a.get(1));
            Double score = z == null ? null : z.score(a.get(2));
            if (score == null) {
                s.reply().nullBulk();
            } else {
                s.reply().doubleReply(score);
            }
        });
        t.add("zmscore", -3, "readonly fast", 1, 1, 1, (s, a) -> {
            ZSetValue z = zset(s, a.get(1));
            s.reply().array(a.size() - 2);
            for (int i = 2; i < a.size(); i++) {
                Double score = z == null ? null : z.score(a.get(i));
                if (score == null) {
                    s.reply().nullBulk();
                } else {
                    s.reply().doubleReply(score);
                }
            }
        });
        t.add("zrank", 3, "readonly fast", 1, 1, 1, (s, a) -> rank(s, a, false));
        t.add("zrevrank", 3, "readonly fast", 1, 1, 1, (s, a) -> rank(s, a, true));
        t.add("zcount", 4, "readonly fast", 1, 1, 1, (s, a) -> count(s, a.get(1), ZRanges.score(a.get(2), a.get(3))));
        t.add("zlexcount", 4, "readonly fast", 1, 1, 1, (s, a) -> count(s, a.get(1), ZRanges.lex(a.get(2), a.get(3))));
        t.add("zremrangebyrank", 4, "write", 1, 1, 1, ZSetCommands::zremrangebyrank);
        t.add("zremrangebyscore", 4, "write", 1, 1, 1,
                (s, a) -> zremrange(s, a.get(1), ZRanges.score(a.get(2), a.get(3))));
        t.add("zremrangebylex", 4, "write", 1, 1, 1,
                (s, a) -> zremrange(s, a.get(1), ZRanges.lex(a.get(2), a.get(3))));
    }

    /** The sorted set at {@code key}, null if missing; WRONGTYPE if another type. */
    static ZSetValue zset(Session s, byte[] key) {
        Entry e = s.keys().lookup(key);
        if (e == null) {
            return null;
        }
        if (!(s.running().writable(e) instanceof ZSetValue z)) {
            throw new CommandError(CommandError.WRONGTYPE);
        }
        return z;
    }

    /** Deletes {@code key} if its sorted set is now empty, else counts its memory again. */
    static void deleteIfEmpty(Session s, byte[] key, ZSetValue z) {
        if (z.size() == 0) {
            s.db().delete(key);
        } else {
            s.db().reaccount(key); // the pops with key lists (LMPOP, ZMPOP, ...) have no fixed key positions
        }
    }

    /** One member with its score, as a WITHSCORES reply gives it: a pair in RESP3, flat in RESP2. */
    static void memberWithScore(Session s, byte[] member, double score) {
        if (s.reply().resp3()) {
            s.reply().array(2);
        }
        s.reply().bulk(member).doubleReply(score);
    }

    /** {@code zaddGenericCommand}: options, then every score parsed before anything changes. */
    private static void zadd(Session s, List<byte[]> a, boolean zincrby) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = zincrby;
        int i = 2;
        if (!zincrby) {
            for (; i < a.size(); i++) {
                byte[] o = a.get(i);
                if (Strings.is(o, "nx")) {
                    nx = true;
                } else if (Strings.is(o, "xx")) {
                    xx = true;
                } else if (Strings.is(o, "gt")) {
                    gt = true;
                } else if (Strings.is(o, "lt")) {
                    lt = true;
                } else if (Strings.is(o, "ch")) {
                    ch = true;
                } else if (Strings.is(o, "incr")) {
                    incr = true;
                } else {
                    break;
                }
            }
        }
        int elements = a.size() - i;
        if (elements % 2 != 0 || elements == 0) {
            throw new CommandError(CommandError.SYNTAX);
        }
        elements /= 2;
        if (nx && xx) {
            throw CommandError.err("XX and NX options at the same time are not compatible");
        }
        if (gt && nx || lt && nx || gt && lt) {
            throw CommandError.err("GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && elements > 1) {
            throw CommandError.err("INCR option supports a single increment-element pair");
        }
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            scores[j] = Doubles.toDouble(a.get(i + 2 * j));
        }
        byte[] key = a.get(1);
        ZSetValue z = zset(s, key);
        int added = 0;
        int updated = 0;
        int processed = 0;
        double score = 0;
        if (z != null || !xx) {
            boolean created = z == null;
            if (created) {
                z = new ZSetValue();
            }
            for (int j = 0; j < elements; j++) {
                byte[] member = a.get(i + 2 * j + 1);
                io.wharf.kv.store.SkipList.Node found = z.node(member);
                double next = scores[j];
                if (found != null) {
                    double current = found.score();
                    if (nx) {
                        continue;
                    }
                    if (incr) {
                        next += current;
                        if (Double.isNaN(next)) {
                            throw new CommandError(NAN);
                        }
                    }
                    if (lt && next >= current || gt && next <= current) {
                        continue;
                    }
                    if (next != current) {
                        z.put(member, next);
                        updated++;
                    }
                } else if (!xx) {
                    z.put(member, next);
                    added++;
                } else {
                    continue;
                }
                processed++;
                score = next;
            }
            if (created && z.size() > 0) {
                s.db().set(key, z, false);
            }
        }
        if (added + updated == 0) {
            s.unchanged(); // as Redis: no change, so nothing for the AOF and no WATCH signal
        }
        if (incr) {
            if (processed > 0) {
                s.reply().doubleReply(score);
            } else {
                s.reply().nullBulk();
            }
        } else {
            s.reply().integer(ch ? added + updated : added);
        }
    }

    private static void zrem(Session s, List<byte[]> a) {
        ZSetValue z = zset(s, a.get(1));
        int removed = 0;
        if (z != null) {
            for (int i = 2; i < a.size(); i++) {
                if (z.remove(a.get(i))) {
                    removed++;
                    if (z.size() == 0) {
                        break;
                    }
                }
            }
            deleteIfEmpty(s, a.get(1), z);
        }
        if (removed == 0) {
            s.unchanged();
        }
        s.reply().integer(removed);
    }

    private static void rank(Session s, List<byte[]> a, boolean reverse) {
        ZSetValue z = zset(s, a.get(1));
        long r = z == null ? -1 : z.rank(a.get(2), reverse);
        if (r < 0) {
            s.reply().nullBulk();
        } else {
            s.reply().integer(r);
        }
    }

    private static void count(Session s, byte[] key, SkipList.Range range) {
        ZSetValue z = zset(s, key);
        long n = 0;
        if (z != null) {
            for (SkipList.Node x = z.firstIn(range); x != null && range.belowMax(x); x = x.next()) {
                n++;
            }
        }
        s.reply().integer(n);
    }

    private static void zremrangebyrank(Session s, List<byte[]> a) {
        long start = Args.toLong(a.get(2));
        long end = Args.toLong(a.get(3));
        ZSetValue z = zset(s, a.get(1));
        if (z == null) {
            s.reply().integer(0);
            return;
        }
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
            s.reply().integer(0);
            return;
        }
        if (end >= size) {
            end = size - 1;
        }
        List<byte[]> doomed = new ArrayList<>();
        SkipList.Node x = z.at(start);
        for (long r = start; r <= end; r++, x = x.next()) {
            doomed.add(x.member());
        }
        doomed.forEach(z::remove);
        deleteIfEmpty(s, a.get(1), z);
        s.reply().integer(doomed.size());
    }

    private static void zremrange(Session s, byte[] key, SkipList.Range range) {
        ZSetValue z = zset(s, key);
        if (z == null) {
            s.reply().integer(0);
            return;
        }
        List<byte[]> doomed = new ArrayList<>();
        for (SkipList.Node x = z.firstIn(range); x != null && range.belowMax(x); x = x.next()) {
            doomed.add(x.member());
        }
        doomed.forEach(z::remove);
        deleteIfEmpty(s, key, z);
        s.reply().integer(doomed.size());
    }
}
