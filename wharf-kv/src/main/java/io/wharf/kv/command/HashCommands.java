package io.wharf.kv.command;

import io.wharf.kv.resp.Numbers;
import io.wharf.kv.resp.Reply;
import io.wharf.kv.store.HashValue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The hash family, after Redis's t_hash.c: HSET HMSET HSETNX HGET HMGET HGETALL HKEYS HVALS HDEL HLEN
 * HEXISTS HSTRLEN HINCRBY HINCRBYFLOAT. A hash whose last field is deleted is deleted.
 */
final class HashCommands {

    private HashCommands() {
    }

    static void register(CommandTable t) {
        t.add("hset", -4, "write denyoom fast", 1, 1, 1, (s, a) -> hset(s, a, false));
        t.add("hmset", -4, "write denyoom fast", 1, 1, 1, (s, a) -> hset(s, a, true));
        t.add("hsetnx", 4, "write denyoom fast", 1, 1, 1, (s, a) -> {
            HashValue h = s.keys().hash(a.get(1), true);
            boolean absent = h.get(a.get(2)) == null;
            if (absent) {
                h.put(a.get(2), a.get(3));
            } else {
                s.unchanged();
            }
            s.reply().integer(absent ? 1 : 0);
        });
        t.add("hget", 3, "readonly fast", 1, 1, 1, (s, a) -> {
            HashValue h = s.keys().hash(a.get(1), false);
            byte[] v = h == null ? null : h.get(a.get(2));
            if (v == null) {
                s.reply().nullBulk();
            } else {
                s.reply().bulk(v);
            }
        });
        t.add("hmget", -3, "readonly fast", 1, 1, 1, (s, a) -> {
            HashValue h = s.keys().hash(a.get(1), false);
            s.reply().array(a.size() - 2);
            for (int i = 2; i < a.size(); i++) {
                byte[] v = h == null ? null : h.get(a.get(i));
                if (v == null) {
                    s.reply().nullBulk();
                } else {
                    s.reply().bulk(v);
                }
            }
        });
        t.add("hgetall", 2, "readonly", 1, 1, 1, (s, a) -> {
            HashValue h = s.keys().hash(a.get(1), false);
            Reply r = s.reply();
            r.map(h == null ? 0 : h.size());
            if (h != null) {
                h.forEach((f, v) -> r.bulk(f).bulk(v));
            }
        });
        t.add("hkeys", 2, "readonly", 1, 1, 1, (s, a) -> {
            HashValue h = s.keys().hash(a.get(1), false);
            s.reply().array(h == null ? 0 : h.size());
            if (h != null) {
                h.forEach((f, v) -> s.reply().bulk(f));
            }
        });
        t.add("hvals", 2, "readonly", 1, 1, 1, (s, a) -> {
            HashValue h = s.keys().hash(a.get(1), false);
            s.reply().array(h == null ? 0 : h.size());
            if (h != null) {
                h.forEach((f, v) -> s.reply().bulk(v));
            }
        });
        t.add("hdel", -3, "write fast", 1, 1, 1, (s, a) -> {
            HashValue h = s.keys().hash(a.get(1), false);
            int n = 0;
            if (h != null) {
                for (int i = 2; i < a.size(); i++) {
                    if (h.remove(a.get(i))) {
                        n++;
                        if (h.size() == 0) {
                            s.db().delete(a.get(1));
                            break;
                        }
                    }
                }
            }
            if (n == 0) {
                s.unchanged();
            }
            s.reply().integer(n);
        });
        t.add("hlen", 2, "readonly fast", 1, 1, 1, (s, a) -> {
            HashValue h = s.keys().hash(a.get(1), false);
            s.reply().integer(h == null ? 0 : h.size());
        });
        t.add("hexists", 3, "readonly fast", 1, 1, 1, (s, a) -> {
            HashValue h = s.keys().hash(a.get(1), false);
            s.reply().integer(h != null && h.get(a.get(2)) != null ? 1 : 0);
        });
        t.add("hstrlen", 3, "readonly fast", 1, 1, 1, (s, a) -> {
            HashValue h = s.keys().hash(a.get(1), false);
            byte[] v = h == null ? null : h.get(a.get(2));
            s.reply().integer(v == null ? 0 : v.length);
        });
        t.add("hincrby", 4, "write denyoom fast", 1, 1, 1, HashCommands::hincrby);
        t.add("hincrbyfloat", 4, "write denyoom fast", 1, 1, 1, HashCommands::hincrbyfloat);
    }

    private static void hset(Session s, List<byte[]> a, boolean legacy) {
        if (a.size() % 2 == 1) {
            throw CommandError.err("wrong number of arguments for '" + (legacy ? "hmset" : "hset") + "' command");
        }
        HashValue h = s.keys().hash(a.get(1), true);
        int created = 0;
        for (int i = 2; i < a.size(); i += 2) {
            if (h.put(a.get(i), a.get(i + 1))) {
                created++;
            }
        }
        if (legacy) {
            s.reply().ok();
        } else {
            s.reply().integer(created);
        }
    }

    private static void hincrby(Session s, List<byte[]> a) {
        long by = Args.toLong(a.get(3));
        HashValue h = s.keys().hash(a.get(1), false);
        byte[] old = h == null ? null : h.get(a.get(2));
        long current = 0;
        if (old != null) {
            if (!Numbers.isLong(old)) {
                throw CommandError.err("hash value is not an integer");
            }
            current = Numbers.toLong(old);
        }
        if (by < 0 && current < 0 && by < Long.MIN_VALUE - current
                || by > 0 && current > 0 && by > Long.MAX_VALUE - current) {
            throw CommandError.err("increment or decrement would overflow");
        }
        long result = current + by;
        if (h == null) {
            h = s.keys().hash(a.get(1), true);
        }
        h.put(a.get(2), Long.toString(result).getBytes(StandardCharsets.US_ASCII));
        s.reply().integer(result);
    }

    private static void hincrbyfloat(Session s, List<byte[]> a) {
        LongDouble.Value by = LongDouble.parse(a.get(3));
        if (by == null) {
            throw new CommandError(CommandError.NOT_FLOAT);
        }
        if (by.isInfinite()) {
            throw CommandError.err("value is NaN or Infinity");
        }
        HashValue h = s.keys().hash(a.get(1), false);
        byte[] old = h == null ? null : h.get(a.get(2));
        BigDecimal current = BigDecimal.ZERO;
        if (old != null) {
            LongDouble.Value v = LongDouble.parse(old);
            if (v == null) {
                throw CommandError.err("hash value is not a float");
            }
            if (v.isInfinite()) {
                throw CommandError.err("increment would produce NaN or Infinity");
            }
            current = v.finite();
        }
        byte[] text = LongDouble.format(LongDouble.add(current, by.finite())).getBytes(StandardCharsets.US_ASCII);
        if (h == null) {
            h = s.keys().hash(a.get(1), true);
        }
        h.put(a.get(2), text);
        s.propagate(Strings.bytes("HSET"), a.get(1), a.get(2), text);
        s.reply().bulk(text);
    }
}
