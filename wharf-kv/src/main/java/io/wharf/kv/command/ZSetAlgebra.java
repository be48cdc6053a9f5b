package io.wharf.kv.command;

import io.wharf.kv.store.Entry;
import io.wharf.kv.store.HashValue;
import io.wharf.kv.store.SetValue;
import io.wharf.kv.store.SkipList;
import io.wharf.kv.store.ZSetValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ZUNION ZINTER ZDIFF, their STORE forms and ZINTERCARD: Redis's {@code zunionInterDiffGenericCommand}. Inputs
 * may be sorted sets or plain sets (whose members score 1); WEIGHTS multiply each input's scores, AGGREGATE
 * combines them (SUM, where {@code inf + -inf} is 0 as in Redis, MIN, MAX).
 */
final class ZSetAlgebra {

    private enum Op { UNION, INTER, DIFF }

    private enum Aggregate { SUM, MIN, MAX }

    /** One input: its members with scores (empty if missing) and its weight. */
    private static final class Source {
        final Map<HashValue.Field, Double> members;
        double weight = 1;

        Source(Map<HashValue.Field, Double> members) {
            this.members = members;
        }
    }

    private ZSetAlgebra() {
    }

    static void register(CommandTable t) {
        t.add("zunionstore", -4, "write denyoom", 1, 1, 1, (s, a) -> run(s, a, a.get(1), 2, Op.UNION, false));
        t.add("zinterstore", -4, "write denyoom", 1, 1, 1, (s, a) -> run(s, a, a.get(1), 2, Op.INTER, false));
        t.add("zdiffstore", -4, "write denyoom", 1, 1, 1, (s, a) -> run(s, a, a.get(1), 2, Op.DIFF, false));
        t.add("zunion", -3, "readonly", 0, 0, 0, (s, a) -> run(s, a, null, 1, Op.UNION, false));
        t.add("zinter", -3, "readonly", 0, 0, 0, (s, a) -> run(s, a, null, 1, Op.INTER, false));
        t.add("zdiff", -3, "readonly", 0, 0, 0, (s, a) -> run(s, a, null, 1, Op.DIFF, false));
        t.add("zintercard", -3, "readonly", 0, 0, 0, (s, a) -> run(s, a, null, 1, Op.INTER, true));
    }

    private static void run(Session s, List<byte[]> a, byte[] destination, int numkeysIndex, Op op,
                            boolean cardinalityOnly) {
        long setnum = Args.toLong(a.get(numkeysIndex));
        if (setnum < 1) {
            throw CommandError.err("at least 1 input key is needed for '" + Strings.cString(a.get(0), 128)
                    .toLowerCase(java.util.Locale.ROOT) + "' command");
        }
        if (setnum > a.size() - (numkeysIndex + 1)) {
            throw new CommandError(CommandError.SYNTAX);
        }
        List<Source> sources = new ArrayList<>();
        int j = numkeysIndex + 1;
        for (int i = 0; i < setnum; i++, j++) {
            sources.add(source(s, a.get(j)));
        }
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        long limit = 0;
        while (j < a.size()) {
            int remaining = a.size() - j;
            byte[] o = a.get(j);
            if (op != Op.DIFF && !cardinalityOnly && remaining >= setnum + 1 && Strings.is(o, "weights")) {
                j++;
                for (Source src : sources) {
                    Double w = Doubles.string2d(a.get(j++));
                    if (w == null) {
                        throw CommandError.err("weight value is not a float");
                    }
                    src.weight = w;
                }
            } else if (op != Op.DIFF && !cardinalityOnly && remaining >= 2 && Strings.is(o, "aggregate")) {
                byte[] how = a.get(j + 1);
                if (Strings.is(how, "sum")) {
                    aggregate = Aggregate.SUM;
                } else if (Strings.is(how, "min")) {
                    aggregate = Aggregate.MIN;
                } else if (Strings.is(how, "max")) {
                    aggregate = Aggregate.MAX;
                } else {
                    throw new CommandError(CommandError.SYNTAX);
                }
                j += 2;
            } else if (destination == null && !cardinalityOnly && Strings.is(o, "withscores")) {
                withScores = true;
                j++;
            } else if (cardinalityOnly && remaining >= 2 && Strings.is(o, "limit")) {
                byte[] l = a.get(j + 1);
                if (!io.wharf.kv.resp.Numbers.isLong(l) || (limit = io.wharf.kv.resp.Numbers.toLong(l)) < 0) {
                    throw CommandError.err("LIMIT can't be negative");
                }
                j += 2;
            } else {
                throw new CommandError(CommandError.SYNTAX);
            }
        }
        Aggregate how = aggregate;
        if (op != Op.DIFF) {
            sources.sort(Comparator.comparingInt(src -> src.members.size()));
        }
        ZSetValue result = new ZSetValue();
        long cardinality = 0;
        switch (op) {
            case INTER -> {
                Source first = sources.get(0);
                for (Map.Entry<HashValue.Field, Double> m : first.members.entrySet()) {
                    double score = weighted(first.weight, m.getValue());
                    boolean everywhere = true;
                    for (int k = 1; k < sources.size() && everywhere; k++) {
                        Double v = sources.get(k).members.get(m.getKey());
                        if (v == null) {
                            everywhere = false;
                        } else {
                            score = aggregate(aggregate, score, v * sources.get(k).weight);
                        }
                    }
                    if (!everywhere) {
                        continue;
                    }
                    if (cardinalityOnly) {
                        cardinality++;
                        if (limit > 0 && cardinality >= limit) {
                            break;
                        }
                    } else {
                        result.put(m.getKey().bytes(), score);
                    }
                }
            }
            case UNION -> {
                Map<HashValue.Field, Double> acc = new LinkedHashMap<>();
                for (Source src : sources) {
                    for (Map.Entry<HashValue.Field, Double> m : src.members.entrySet()) {
                        double score = weighted(src.weight, m.getValue());
                        acc.merge(m.getKey(), score, (x, y) -> aggregate(how, x, y));
                    }
                }
                acc.forEach((m, score) -> result.put(m.bytes(), score));
            }
            case DIFF -> {
                for (Map.Entry<HashValue.Field, Double> m : sources.get(0).members.entrySet()) {
                    boolean elsewhere = false;
                    for (int k = 1; k < sources.size() && !elsewhere; k++) {
                        elsewhere = sources.get(k).members.containsKey(m.getKey());
                    }
                    if (!elsewhere) {
                        result.put(m.getKey().bytes(), m.getValue());
                    }
                }
            }
        }
        if (cardinalityOnly) {
            s.reply().integer(cardinality);
        } else if (destination != null) {
            if (result.size() > 0) {
                result.compactIfSmall();
                s.db().set(destination, result, false);
            } else {
                s.running().storeNothing(destination);
            }
            s.reply().integer(result.size());
        } else {
            ZRangeCommands.reply(s, result.nodes(), withScores);
        }
    }

    private static double weighted(double weight, double score) {
        double v = weight * score;
        return Double.isNaN(v) ? 0 : v;
    }

    private static double aggregate(Aggregate how, double target, double value) {
        return switch (how) {
            case SUM -> {
                double v = target + value;
                yield Double.isNaN(v) ? 0 : v;
            }
            case MIN -> value < target ? value : target;
            case MAX -> value > target ? value : target;
        };
    }

    /** The input at {@code key}: a sorted set, a set (scores 1), or nothing; WRONGTYPE for other types. */
    private static Source source(Session s, byte[] key) {
        Entry e = s.keys().lookup(key);
        Map<HashValue.Field, Double> members = new LinkedHashMap<>();
        if (e == null) {
            return new Source(members);
        }
        if (e.value() instanceof ZSetValue z) {
            for (SkipList.Node n = z.first(); n != null; n = n.next()) {
                members.put(new HashValue.Field(n.member()), n.score());
            }
        } else if (e.value() instanceof SetValue set) {
            for (byte[] m : set.members()) {
                members.put(new HashValue.Field(m), 1.0);
            }
        } else {
            throw new CommandError(CommandError.WRONGTYPE);
        }
        return new Source(members);
    }
}
