package io.wharf.kv.command;

import io.wharf.kv.store.Db;
import io.wharf.kv.store.Entry;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The string family, after Redis's t_string.c: GET SET SETNX SETEX PSETEX GETSET GETDEL GETEX MGET MSET
 * MSETNX INCR DECR INCRBY DECRBY INCRBYFLOAT APPEND STRLEN GETRANGE SUBSTR SETRANGE.
 */
final class StringCommands {

    private static final int NX = 1;
    private static final int XX = 1 << 1;
    private static final int GET = 1 << 2;
    private static final int KEEPTTL = 1 << 3;
    private static final int PERSIST = 1 << 4;
    private static final int EX = 1 << 5;
    private static final int PX = 1 << 6;
    private static final int EXAT = 1 << 7;
    private static final int PXAT = 1 << 8;
    private static final int ANY_EXPIRE = EX | PX | EXAT | PXAT;
    private static final byte[] SET = Strings.bytes("SET");
    private static final byte[] PXAT_ARG = Strings.bytes("PXAT");
    private static final byte[] KEEPTTL_ARG = Strings.bytes("KEEPTTL");
    private static final byte[] DEL = Strings.bytes("DEL");
    private static final byte[] PEXPIREAT = Strings.bytes("PEXPIREAT");
    private static final byte[] PERSIST_ARG = Strings.bytes("PERSIST");

    private StringCommands() {
    }

    static void register(CommandTable t) {
        t.add("get", 2, "readonly fast", 1, 1, 1, (s, a) -> get(s, a.get(1)));
        t.add("set", -3, "write denyoom", 1, 1, 1, StringCommands::set);
        t.add("setnx", 3, "write denyoom fast", 1, 1, 1, (s, a) -> {
            boolean absent = s.keys().lookup(a.get(1)) == null;
            if (absent) {
                s.db().set(a.get(1), a.get(2), false);
            } else {
                s.unchanged();
            }
            s.reply().integer(absent ? 1 : 0);
        });
        t.add("setex", 4, "write denyoom", 1, 1, 1, (s, a) -> setWithTtl(s, a, true));
        t.add("psetex", 4, "write denyoom", 1, 1, 1, (s, a) -> setWithTtl(s, a, false));
        t.add("getset", 3, "write denyoom fast", 1, 1, 1, (s, a) -> {
            get(s, a.get(1));
            s.db().set(a.get(1), a.get(2), false);
        });
        t.add("getdel", 2, "write fast", 1, 1, 1, (s, a) -> {
            if (get(s, a.get(1)) != null) {
                s.db().delete(a.get(1));
                s.propagate(DEL, a.get(1));
            } else {
                s.unchanged();
            }
        });
        t.add("getex", -2, "write fast", 1, 1, 1, StringCommands::getex);
        t.add("mget", -2, "readonly fast", 1, -1, 1, StringCommands::mget);
        t.add("mset", -3, "write denyoom", 1, -1, 2, (s, a) -> mset(s, a, false));
        t.add("msetnx", -3, "write denyoom", 1, -1, 2, (s, a) -> mset(s, a, true));
        t.add("incr", 2, "write denyoom fast", 1, 1, 1, (s, a) -> incr(s, a.get(1), 1));
        t.add("decr", 2, "write denyoom fast", 1, 1, 1, (s, a) -> incr(s, a.get(1), -1));
        t.add("incrby", 3, "write denyoom fast", 1, 1, 1, (s, a) -> incr(s, a.get(1), Args.toLong(a.get(2))));
        t.add("decrby", 3, "write denyoom fast", 1, 1, 1, (s, a) -> {
            long by = Args.toLong(a.get(2));
            if (by == Long.MIN_VALUE) {
                throw CommandError.err("decrement would overflow");
            }
            incr(s, a.get(1), -by);
        });
        t.add("incrbyfloat", 3, "write denyoom fast", 1, 1, 1, StringCommands::incrbyfloat);
        t.add("append", 3, "write denyoom fast", 1, 1, 1, StringCommands::append);
        t.add("strlen", 2, "readonly fast", 1, 1, 1, (s, a) -> {
            byte[] v = s.keys().string(a.get(1));
            s.reply().integer(v == null ? 0 : v.length);
        });
        t.add("getrange", 4, "readonly", 1, 1, 1, StringCommands::getrange);
        t.add("substr", 4, "readonly", 1, 1, 1, StringCommands::getrange);
        t.add("setrange", 4, "write denyoom", 1, 1, 1, StringCommands::setrange);
    }

    /** GET's reply for {@code key}; returns the value (null when missing), WRONGTYPE for another type. */
    private static byte[] get(Session s, byte[] key) {
        byte[] v = s.keys().string(key);
        if (v == null) {
            s.reply().nullBulk();
        } else {
            s.reply().bulk(v);
        }
        return v;
    }

    /**
     * {@code parseExtendedStringArgumentsOrReply}: the options from {@code args[from]}; returns the flags and
     * puts the expire argument in {@code expire[0]}. {@code forSet} allows NX XX GET KEEPTTL, otherwise
     * (GETEX) PERSIST.
     */
    private static int options(List<byte[]> a, int from, boolean forSet, byte[][] expire) {
        int flags = 0;
        for (int j = from; j < a.size(); j++) {
            byte[] opt = a.get(j);
            boolean hasNext = j < a.size() - 1;
            if (forSet && Strings.is(opt, "nx") && (flags & XX) == 0) {
                flags |= NX;
            } else if (forSet && Strings.is(opt, "xx") && (flags & NX) == 0) {
                flags |= XX;
            } else if (forSet && Strings.is(opt, "get")) {
                flags |= GET;
            } else if (forSet && Strings.is(opt, "keepttl") && (flags & (PERSIST | ANY_EXPIRE)) == 0) {
                flags |= KEEPTTL;
            } else if (!forSet && Strings.is(opt, "persist") && (flags & (ANY_EXPIRE | KEEPTTL)) == 0) {
                flags |= PERSIST;
            } else if (hasNext && expireOption(opt) != 0
                    && (flags & (KEEPTTL | PERSIST | (ANY_EXPIRE & ~expireOption(opt)))) == 0) {
                flags |= expireOption(opt);
                expire[0] = a.get(++j);
            } else {
                throw new CommandError(CommandError.SYNTAX);
            }
        }
        return flags;
    }

    private static int expireOption(byte[] opt) {
        if (Strings.is(opt, "ex")) {
            return EX;
        } else if (Strings.is(opt, "px")) {
            return PX;
        } else if (Strings.is(opt, "exat")) {
            return EXAT;
        } else if (Strings.is(opt, "pxat")) {
            return PXAT;
        }
        return 0;
    }

    /** {@code getExpireMillisecondsOrReply}: the absolute expiry in Unix milliseconds. */
    static long expireMillis(Session s, String command, byte[] arg, int flags) {
        long v = Args.toLong(arg);
        boolean seconds = (flags & (EX | EXAT)) != 0;
        if (v <= 0 || seconds && v > Long.MAX_VALUE / 1000) {
            throw CommandError.err("invalid expire time in '" + command + "' command");
        }
        if (seconds) {
            v *= 1000;
        }
        if ((flags & (EX | PX)) != 0) {
            v += s.now();
        }
        if (v <= 0) {
            throw CommandError.err("invalid expire time in '" + command + "' command");
        }
        return v;
    }

    private static void set(Session s, List<byte[]> a) {
        byte[][] expire = new byte[1][];
        int flags = options(a, 3, true, expire);
        setGeneric(s, "set", flags, a.get(1), a.get(2), expire[0]);
    }

    private static void setWithTtl(Session s, List<byte[]> a, boolean seconds) {
        setGeneric(s, seconds ? "setex" : "psetex", seconds ? EX : PX, a.get(1), a.get(3), a.get(2));
    }

    /** {@code setGenericCommand}. */
    private static void setGeneric(Session s, String command, int flags, byte[] key, byte[] value, byte[] expire) {
        long when = expire == null ? Entry.PERSISTENT : expireMillis(s, command, expire, flags);
        if ((flags & GET) != 0) {
            get(s, key);
        }
        boolean found = s.keys().lookup(key) != null;
        if ((flags & NX) != 0 && found || (flags & XX) != 0 && !found) {
            if ((flags & GET) == 0) {
                s.reply().nullBulk();
            }
            s.unchanged();
            return;
        }
        Db db = s.db();
        Entry e = db.set(key, value, (flags & KEEPTTL) != 0);
        if (when != Entry.PERSISTENT) {
            db.expireAt(key, e, when);
            // a relative time would move on replay: logged as the absolute time, as Redis 7 does
            s.propagate(SET, key, value, PXAT_ARG, Strings.bytes(Long.toString(when)));
        } else if (flags != 0 || !command.equals("set")) { // a plain SET k v is recorded as it was sent
            s.propagate((flags & KEEPTTL) != 0 ? new byte[][] {SET, key, value, KEEPTTL_ARG} : new byte[][] {SET, key, value});
        }
        if ((flags & GET) == 0) {
            s.reply().ok();
        }
    }

    private static void getex(Session s, List<byte[]> a) {
        byte[][] expire = new byte[1][];
        int flags = options(a, 2, false, expire);
        byte[] key = a.get(1);
        Entry e = s.keys().lookup(key);
        if (e == null) {
            s.reply().nullBulk();
            s.unchanged();
            return;
        }
        if (!(e.value() instanceof byte[] v)) {
            throw new CommandError(CommandError.WRONGTYPE);
        }
        long when = expire[0] == null ? Entry.PERSISTENT : expireMillis(s, "getex", expire[0], flags);
        s.reply().bulk(v);
        if ((flags & (EXAT | PXAT)) != 0 && when <= s.now()) {
            s.db().delete(key);
            s.propagate(DEL, key);
        } else if (expire[0] != null) {
            s.db().expireAt(key, e, when);
            s.propagate(PEXPIREAT, key, Strings.bytes(Long.toString(when)));
        } else if ((flags & PERSIST) != 0 && s.db().persist(key, e)) {
            s.propagate(PERSIST_ARG, key);
        } else {
            s.unchanged();
        }
    }

    private static void mget(Session s, List<byte[]> a) {
        s.reply().array(a.size() - 1);
        for (int i = 1; i < a.size(); i++) {
            Entry e = s.keys().lookup(a.get(i));
            if (e != null && e.value() instanceof byte[] v) {
                s.reply().bulk(v);
            } else {
                s.reply().nullBulk();
            }
        }
    }

    private static void mset(Session s, List<byte[]> a, boolean nx) {
        if (a.size() % 2 == 0) {
            throw CommandError.err("wrong number of arguments for '" + (nx ? "msetnx" : "mset") + "' command");
        }
        if (nx) {
            for (int i = 1; i < a.size(); i += 2) {
                if (s.keys().lookup(a.get(i)) != null) {
                    s.reply().integer(0);
                    s.unchanged();
                    return;
                }
            }
        }
        for (int i = 1; i < a.size(); i += 2) {
            s.db().set(a.get(i), a.get(i + 1), false);
        }
        s.running().storedWhole();
        if (nx) {
            s.reply().integer(1);
        } else {
            s.reply().ok();
        }
    }

    private static void incr(Session s, byte[] key, long by) {
        byte[] v = s.keys().string(key);
        long current = 0;
        if (v != null) {
            current = Args.toLong(v);
        }
        if (by < 0 && current < 0 && by < Long.MIN_VALUE - current
                || by > 0 && current > 0 && by > Long.MAX_VALUE - current) {
            throw CommandError.err("increment or decrement would overflow");
        }
        long result = current + by;
        s.db().set(key, io.wharf.kv.resp.Numbers.bytes(result), true);
        s.reply().integer(result);
    }

    private static void incrbyfloat(Session s, List<byte[]> a) {
        byte[] key = a.get(1);
        byte[] v = s.keys().string(key);
        LongDouble.Value current = v == null ? new LongDouble.Value(BigDecimal.ZERO, 0) : LongDouble.parse(v);
        LongDouble.Value by = LongDouble.parse(a.get(2));
        if (current == null || by == null) {
            throw new CommandError(CommandError.NOT_FLOAT);
        }
        if (current.isInfinite() || by.isInfinite()) {
            throw CommandError.err("increment would produce NaN or Infinity");
        }
        BigDecimal sum = LongDouble.add(current.finite(), by.finite());
        byte[] text = LongDouble.format(sum).getBytes(StandardCharsets.US_ASCII);
        s.db().set(key, text, true);
        s.reply().bulk(text);
        // the sum as text, so a replay cannot round it differently
        s.propagate(SET, key, text, KEEPTTL_ARG);
    }

    private static void checkLength(Session s, long total) {
        if (total > s.state().settings().protoMaxBulkLen() || total < 0) {
            throw CommandError.err("string exceeds maximum allowed size (proto-max-bulk-len)");
        }
    }

    private static void append(Session s, List<byte[]> a) {
        byte[] key = a.get(1);
        byte[] add = a.get(2);
        byte[] v = s.keys().string(key);
        byte[] result;
        if (v == null) {
            result = add;
        } else {
            checkLength(s, (long) v.length + add.length);
            result = Arrays.copyOf(v, v.length + add.length);
            System.arraycopy(add, 0, result, v.length, add.length);
        }
        s.db().set(key, result, true);
        s.reply().integer(result.length);
    }

    private static void getrange(Session s, List<byte[]> a) {
        long start = Args.toLong(a.get(2));
        long end = Args.toLong(a.get(3));
        byte[] v = s.keys().string(a.get(1));
        if (v == null) {
            s.reply().bulk(new byte[0]);
            return;
        }
        long length = v.length;
        if (start < 0 && end < 0 && start > end) {
            s.reply().bulk(new byte[0]);
            return;
        }
        if (start < 0) {
            start = length + start;
        }
        if (end < 0) {
            end = length + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (end < 0) {
            end = 0;
        }
        if (end >= length) {
            end = length - 1;
        }
        if (start > end || length == 0) {
            s.reply().bulk(new byte[0]);
        } else {
            s.reply().bulk(v, (int) start, (int) (end - start + 1));
        }
    }

    private static void setrange(Session s, List<byte[]> a) {
        byte[] key = a.get(1);
        long offset = Args.toLong(a.get(2));
        byte[] value = a.get(3);
        if (offset < 0) {
            throw CommandError.err("offset is out of range");
        }
        byte[] v = s.keys().string(key);
        if (v == null) {
            if (value.length == 0) {
                s.reply().integer(0);
                return;
            }
            checkLength(s, offset + value.length);
            v = new byte[0];
        } else {
            if (value.length == 0) {
                s.reply().integer(v.length);
                return;
            }
            checkLength(s, offset + value.length);
        }
        int needed = (int) Math.max(v.length, offset + value.length);
        byte[] result = needed == v.length ? v.clone() : Arrays.copyOf(v, needed);
        System.arraycopy(value, 0, result, (int) offset, value.length);
        s.db().set(key, result, true);
        s.reply().integer(result.length);
    }
}
