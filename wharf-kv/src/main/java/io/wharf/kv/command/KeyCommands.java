package io.wharf.kv.command;

import io.wharf.kv.store.Db;
import io.wharf.kv.store.Entry;
import io.wharf.kv.store.Glob;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The generic key family, after Redis's db.c and expire.c: DEL UNLINK EXISTS TOUCH TYPE RENAME RENAMENX MOVE
 * COPY SWAPDB KEYS SCAN RANDOMKEY EXPIRE PEXPIRE EXPIREAT PEXPIREAT TTL PTTL EXPIRETIME PEXPIRETIME PERSIST.
 */
final class KeyCommands {

    private static final int EXPIRE_NX = 1;
    private static final int EXPIRE_XX = 2;
    private static final int EXPIRE_GT = 4;
    private static final int EXPIRE_LT = 8;

    private KeyCommands() {
    }

    static void register(CommandTable t) {
        t.add("del", -2, "write", 1, -1, 1, KeyCommands::del);
        t.add("unlink", -2, "write fast", 1, -1, 1, KeyCommands::del);
        t.add("exists", -2, "readonly fast", 1, -1, 1, KeyCommands::count);
        t.add("touch", -2, "readonly fast", 1, -1, 1, KeyCommands::count);
        t.add("type", 2, "readonly fast", 1, 1, 1, (s, a) -> {
            Entry e = s.keys().lookup(a.get(1));
            s.reply().simple(e == null ? "none" : e.type());
        });
        t.add("rename", 3, "write", 1, 2, 1, (s, a) -> rename(s, a, false));
        t.add("renamenx", 3, "write fast", 1, 2, 1, (s, a) -> rename(s, a, true));
        t.add("move", 3, "write fast", 1, 1, 1, KeyCommands::move);
        t.add("copy", -3, "write denyoom", 1, 2, 1, KeyCommands::copy);
        t.add("swapdb", 3, "write fast", 0, 0, 0, KeyCommands::swapdb);
        t.add("keys", 2, "readonly", 0, 0, 0, KeyCommands::keys);
        t.add("scan", -2, "readonly", 0, 0, 0, KeyCommands::scan);
        t.add("randomkey", 1, "readonly", 0, 0, 0, KeyCommands::randomkey);
        t.add("expire", -3, "write fast", 1, 1, 1, (s, a) -> expire(s, a, s.now(), true));
        t.add("pexpire", -3, "write fast", 1, 1, 1, (s, a) -> expire(s, a, s.now(), false));
        t.add("expireat", -3, "write fast", 1, 1, 1, (s, a) -> expire(s, a, 0, true));
        t.add("pexpireat", -3, "write fast", 1, 1, 1, (s, a) -> expire(s, a, 0, false));
        t.add("ttl", 2, "readonly fast", 1, 1, 1, (s, a) -> ttl(s, a.get(1), false, false));
        t.add("pttl", 2, "readonly fast", 1, 1, 1, (s, a) -> ttl(s, a.get(1), true, false));
        t.add("expiretime", 2, "readonly fast", 1, 1, 1, (s, a) -> ttl(s, a.get(1), false, true));
        t.add("pexpiretime", 2, "readonly fast", 1, 1, 1, (s, a) -> ttl(s, a.get(1), true, true));
        t.add("persist", 2, "write fast", 1, 1, 1, (s, a) -> {
            Entry e = s.keys().lookup(a.get(1));
            boolean done = e != null && s.db().persist(a.get(1), e);
            s.reply().integer(done ? 1 : 0);
            if (!done) {
                s.unchanged();
            }
        });
    }

    private static void del(Session s, List<byte[]> a) {
        int n = 0;
        for (int i = 1; i < a.size(); i++) {
            if (s.keys().lookup(a.get(i)) != null) {
                s.db().delete(a.get(i));
                s.running().modified(a.get(i));
                n++;
            }
        }
        s.reply().integer(n);
        if (n == 0) {
            s.unchanged();
        }
    }

    private static void count(Session s, List<byte[]> a) {
        int n = 0;
        for (int i = 1; i < a.size(); i++) {
            if (s.keys().lookup(a.get(i)) != null) {
                n++;
            }
        }
        s.reply().integer(n);
    }

    private static void rename(Session s, List<byte[]> a, boolean nx) {
        byte[] from = a.get(1);
        byte[] to = a.get(2);
        if (s.keys().lookup(from) == null) {
            throw new CommandError(CommandError.NO_SUCH_KEY);
        }
        if (Arrays.equals(from, to)) {
            if (nx) {
                s.reply().integer(0);
            } else {
                s.reply().ok();
            }
            s.unchanged();
            return;
        }
        if (s.keys().lookup(to) != null && nx) {
            s.reply().integer(0);
            s.unchanged();
            return;
        }
        s.db().rename(from, to);
        if (nx) {
            s.reply().integer(1);
        } else {
            s.reply().ok();
        }
    }

    private static Db dbOrError(Session s, int index) {
        if (index < 0 || index >= s.state().keyspace().databases()) {
            throw CommandError.err("DB index is out of range");
        }
        return s.state().keyspace().db(index);
    }

    private static final String SAME_OBJECT = "ERR source and destination objects are the same";

    private static void move(Session s, List<byte[]> a) {
        Db dst = dbOrError(s, Args.toInt(a.get(2)));
        if (dst == s.db()) {
            throw new CommandError(SAME_OBJECT);
        }
        byte[] key = a.get(1);
        Entry e = s.keys().lookup(key);
        if (e == null || dst.lookup(key, s.now()) != null) {
            s.reply().integer(0);
            s.unchanged();
            return;
        }
        long expireAt = e.expireAt();
        s.db().delete(key);
        Entry moved = dst.set(key, e.value(), false);
        if (expireAt != Entry.PERSISTENT) {
            dst.expireAt(key, moved, expireAt);
        }
        s.running().modified(key);
        s.running().modified(dst.index(), key);
        s.reply().integer(1);
    }

    private static void copy(Session s, List<byte[]> a) {
        byte[] key = a.get(1);
        byte[] newKey = a.get(2);
        Db dst = s.db();
        boolean replace = false;
        for (int j = 3; j < a.size(); j++) {
            if (Strings.is(a.get(j), "replace")) {
                replace = true;
            } else if (Strings.is(a.get(j), "db") && j < a.size() - 1) {
                dst = dbOrError(s, Args.toInt(a.get(++j)));
            } else {
                throw new CommandError(CommandError.SYNTAX);
            }
        }
        if (dst == s.db() && Arrays.equals(key, newKey)) {
            throw new CommandError(SAME_OBJECT);
        }
        Entry e = s.keys().lookup(key);
        if (e == null) {
            s.reply().integer(0);
            s.unchanged();
            return;
        }
        if (dst.lookup(newKey, s.now()) != null) {
            if (!replace) {
                s.reply().integer(0);
                s.unchanged();
                return;
            }
            dst.delete(newKey);
        }
        Entry copied = dst.set(newKey, e.copyValue(), false);
        if (e.expireAt() != Entry.PERSISTENT) {
            dst.expireAt(newKey, copied, e.expireAt());
        }
        s.running().modified(dst.index(), newKey); // the source is only read
        s.reply().integer(1);
    }

    private static void swapdb(Session s, List<byte[]> a) {
        Db x = dbOrError(s, dbIndex(a.get(1), "invalid first DB index"));
        Db y = dbOrError(s, dbIndex(a.get(2), "invalid second DB index"));
        if (x != y) {
            x.swap(y);
        }
        s.reply().ok();
    }

    /** {@code getIntFromObjectOrReply} with a message for both a non-number and one outside an int. */
    private static int dbIndex(byte[] arg, String message) {
        long v = Args.toLong(arg, message);
        if (v != (int) v) {
            throw CommandError.err(message);
        }
        return (int) v;
    }

    private static void keys(Session s, List<byte[]> a) {
        byte[] pattern = a.get(1);
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<byte[]> found = new ArrayList<>();
        Db db = s.db();
        long now = s.now();
        db.forEachKey(k -> {
            if (all || Glob.matches(pattern, k)) {
                found.add(k);
            }
        });
        List<byte[]> live = new ArrayList<>(found.size());
        for (byte[] k : found) {
            if (db.lookup(k, now) != null) {
                live.add(k);
            }
        }
        s.reply().array(live.size());
        for (byte[] k : live) {
            s.reply().bulk(k);
        }
    }

    /** {@code parseScanCursorOrReply}: C's {@code strtoul}, unsigned 64-bit. */
    static long cursor(byte[] arg) {
        String text = new String(arg, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!text.isEmpty() && Character.isWhitespace(text.charAt(0))) {
            throw CommandError.err("invalid cursor");
        }
        boolean negative = text.startsWith("-");
        String digits = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        if (digits.isEmpty()) {
            if (text.isEmpty()) {
                return 0;
            }
            throw CommandError.err("invalid cursor");
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw CommandError.err("invalid cursor");
            }
        }
        try {
            long v = Long.parseUnsignedLong(digits);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            throw CommandError.err("invalid cursor");
        }
    }

    private static void scan(Session s, List<byte[]> a) {
        long cursor = cursor(a.get(1));
        long count = 10;
        byte[] pattern = null;
        byte[] type = null;
        for (int i = 2; i < a.size(); ) {
            int left = a.size() - i;
            if (Strings.is(a.get(i), "count") && left >= 2) {
                count = Args.toLong(a.get(i + 1));
                if (count < 1) {
                    throw new CommandError(CommandError.SYNTAX);
                }
                i += 2;
            } else if (Strings.is(a.get(i), "match") && left >= 2) {
                byte[] p = a.get(i + 1);
                pattern = p.length == 1 && p[0] == '*' ? null : p;
                i += 2;
            } else if (Strings.is(a.get(i), "type") && left >= 2) {
                type = a.get(i + 1);
                i += 2;
            } else {
                throw new CommandError(CommandError.SYNTAX);
            }
        }
        Db db = s.db();
        List<byte[]> keys = new ArrayList<>();
        long iterations = count * 10;
        do {
            cursor = db.scan(cursor, keys::add);
        } while (cursor != 0 && iterations-- > 0 && keys.size() < count);
        List<byte[]> out = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            if (pattern != null && !Glob.matches(pattern, k)) {
                continue;
            }
            Entry e = db.lookup(k, s.now());
            if (e == null || type != null && !Strings.is(type, e.type())) {
                continue;
            }
            out.add(k);
        }
        s.reply().array(2).bulk(Long.toUnsignedString(cursor)).array(out.size());
        for (byte[] k : out) {
            s.reply().bulk(k);
        }
    }

    private static void randomkey(Session s, List<byte[]> a) {
        Db db = s.db();
        for (;;) {
            byte[] k = db.randomKey();
            if (k == null) {
                s.reply().nullBulk();
                return;
            }
            if (db.lookup(k, s.now()) != null) {
                s.reply().bulk(k);
                return;
            }
        }
    }

    /** {@code parseExtendedExpireArgumentsOrReply}. */
    private static int expireFlags(List<byte[]> a) {
        int flags = 0;
        for (int j = 3; j < a.size(); j++) {
            byte[] opt = a.get(j);
            if (Strings.is(opt, "nx")) {
                flags |= EXPIRE_NX;
            } else if (Strings.is(opt, "xx")) {
                flags |= EXPIRE_XX;
            } else if (Strings.is(opt, "gt")) {
                flags |= EXPIRE_GT;
            } else if (Strings.is(opt, "lt")) {
                flags |= EXPIRE_LT;
            } else {
                throw CommandError.err("Unsupported option " + Strings.cString(opt, Integer.MAX_VALUE));
            }
        }
        if ((flags & EXPIRE_NX) != 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
            throw CommandError.err("NX and XX, GT or LT options at the same time are not compatible");
        }
        if ((flags & EXPIRE_GT) != 0 && (flags & EXPIRE_LT) != 0) {
            throw CommandError.err("GT and LT options at the same time are not compatible");
        }
        return flags;
    }

    /** {@code expireGenericCommand}. */
    private static void expire(Session s, List<byte[]> a, long base, boolean seconds) {
        String name = new String(a.get(0), java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        byte[] key = a.get(1);
        int flags = expireFlags(a);
        long when = Args.toLong(a.get(2));
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw CommandError.err("invalid expire time in '" + name + "' command");
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - base) {
            throw CommandError.err("invalid expire time in '" + name + "' command");
        }
        when += base;
        Entry e = s.keys().lookup(key);
        if (e == null) {
            s.reply().integer(0);
            s.unchanged();
            return;
        }
        long current = e.expireAt();
        boolean persistent = current == Entry.PERSISTENT;
        if ((flags & EXPIRE_NX) != 0 && !persistent
                || (flags & EXPIRE_XX) != 0 && persistent
                || (flags & EXPIRE_GT) != 0 && (persistent || when <= current)
                || (flags & EXPIRE_LT) != 0 && !persistent && when >= current) {
            s.reply().integer(0);
            s.unchanged();
            return;
        }
        if (when <= s.now()) {
            s.db().delete(key);
            s.propagate(Strings.bytes("DEL"), key);
        } else {
            s.db().expireAt(key, e, when);
            // relative and second times are logged as the absolute millisecond, as Redis's expireGenericCommand
            s.propagate(Strings.bytes("PEXPIREAT"), key, Strings.bytes(Long.toString(when)));
        }
        s.reply().integer(1);
    }

    /** {@code ttlGenericCommand}: -2 missing, -1 no TTL; seconds are rounded, as Redis rounds them. */
    private static void ttl(Session s, byte[] key, boolean millis, boolean absolute) {
        Entry e = s.keys().lookup(key);
        if (e == null) {
            s.reply().integer(-2);
            return;
        }
        if (e.expireAt() == Entry.PERSISTENT) {
            s.reply().integer(-1);
            return;
        }
        long ttl = absolute ? e.expireAt() : e.expireAt() - s.now();
        if (ttl < 0) {
            ttl = 0;
        }
        s.reply().integer(millis ? ttl : (ttl + 500) / 1000);
    }
}
