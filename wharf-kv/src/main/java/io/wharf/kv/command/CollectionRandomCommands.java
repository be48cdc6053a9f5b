package io.wharf.kv.command;

import io.wharf.kv.store.HashValue;
import io.wharf.kv.store.SetValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The random and cursor commands of hashes and sets: HRANDFIELD (WITHVALUES) HSCAN SRANDMEMBER SPOP SSCAN, after
 * t_hash.c and t_set.c. A count at least the size answers the whole collection in its order; a negative count may
 * repeat. HSCAN and SSCAN return the whole collection in one call with cursor 0, which Redis does for its small
 * encodings (listpack, intset) and which is a valid scan for any size.
 */
final class CollectionRandomCommands {

    private CollectionRandomCommands() {
    }

    static void register(CommandTable t) {
        t.add("hrandfield", -2, "readonly", 1, 1, 1, CollectionRandomCommands::hrandfield);
        t.add("hscan", -3, "readonly", 1, 1, 1, CollectionRandomCommands::hscan);
        t.add("srandmember", -2, "readonly", 1, 1, 1, CollectionRandomCommands::srandmember);
        t.add("spop", -2, "write fast", 1, 1, 1, CollectionRandomCommands::spop);
        t.add("sscan", -3, "readonly", 1, 1, 1, CollectionRandomCommands::sscan);
    }

    private static <T> T pick(List<T> items) {
        return items.get(ThreadLocalRandom.current().nextInt(items.size()));
    }

    /** {@code count} distinct items in random order, as Redis's sampling (order is Redis's own too: random). */
    private static <T> List<T> distinct(List<T> items, int count) {
        List<T> copy = new ArrayList<>(items);
        Collections.shuffle(copy, ThreadLocalRandom.current());
        return copy.subList(0, count);
    }

    private static void hrandfield(Session s, List<byte[]> a) {
        if (a.size() < 3) {
            HashValue h = s.keys().hash(a.get(1), false);
            if (h == null) {
                s.reply().nullBulk();
            } else {
                s.reply().bulk(pick(new ArrayList<>(h.fields().keySet())).bytes());
            }
            return;
        }
        long l = ZRandomCommands.rangedLong(a.get(2), -Long.MAX_VALUE, Long.MAX_VALUE);
        boolean withValues = false;
        if (a.size() > 4 || a.size() == 4 && !Strings.is(a.get(3), "withvalues")) {
            throw new CommandError(CommandError.SYNTAX);
        } else if (a.size() == 4) {
            withValues = true;
            if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                throw CommandError.err("value is out of range");
            }
        }
        HashValue h = s.keys().hash(a.get(1), false);
        if (h == null || l == 0) {
            s.reply().array(0);
            return;
        }
        List<Map.Entry<HashValue.Field, byte[]>> all = new ArrayList<>(h.fields().entrySet());
        List<Map.Entry<HashValue.Field, byte[]>> out;
        if (l < 0) {
            out = new ArrayList<>();
            for (long i = 0; i < -l; i++) {
                out.add(pick(all));
            }
        } else if (l >= all.size()) {
            out = all;
        } else {
            out = distinct(all, (int) l);
        }
        s.reply().array(withValues && !s.reply().resp3() ? out.size() * 2 : out.size());
        for (Map.Entry<HashValue.Field, byte[]> e : out) {
            if (withValues && s.reply().resp3()) {
                s.reply().array(2);
            }
            s.reply().bulk(e.getKey().bytes());
            if (withValues) {
                s.reply().bulk(e.getValue());
            }
        }
    }

    private static void hscan(Session s, List<byte[]> a) {
        long cursor = KeyCommands.cursor(a.get(2));
        HashValue h = s.keys().hash(a.get(1), false);
        if (h == null) {
            Scan.empty(s);
            return;
        }
        Scan scan = Scan.parse(a, 3);
        List<byte[]> out = new ArrayList<>();
        if (h.isListpack()) {
            h.fields().forEach((f, v) -> scan.add(out, f.bytes(), v)); // whole, as Redis scans a listpack
            cursor = 0;
        } else {
            // Redis's scanGenericCommand: buckets until COUNT elements are found (MATCH filters afterwards)
            List<byte[]> found = new ArrayList<>();
            long iterations = scan.count() * 10;
            do {
                cursor = h.scan(cursor, (f, v) -> {
                    found.add(f);
                    found.add(v);
                });
            } while (cursor != 0 && iterations-- > 0 && found.size() / 2 < scan.count());
            for (int i = 0; i < found.size(); i += 2) {
                scan.add(out, found.get(i), found.get(i + 1));
            }
        }
        Scan.reply(s, cursor, out);
    }

    private static void sscan(Session s, List<byte[]> a) {
        long cursor = KeyCommands.cursor(a.get(2));
        SetValue v = s.keys().set(a.get(1));
        if (v == null) {
            Scan.empty(s);
            return;
        }
        Scan scan = Scan.parse(a, 3);
        List<byte[]> out = new ArrayList<>();
        if (!v.isTable()) {
            for (byte[] m : v.members()) { // whole, as Redis scans an intset
                scan.add(out, m, null);
            }
            cursor = 0;
        } else {
            List<byte[]> found = new ArrayList<>();
            long iterations = scan.count() * 10;
            do {
                cursor = v.scan(cursor, found::add);
            } while (cursor != 0 && iterations-- > 0 && found.size() < scan.count());
            for (byte[] m : found) {
                scan.add(out, m, null);
            }
        }
        Scan.reply(s, cursor, out);
    }

    private static void srandmember(Session s, List<byte[]> a) {
        if (a.size() == 2) {
            SetValue v = s.keys().set(a.get(1));
            if (v == null) {
                s.reply().nullBulk();
            } else {
                s.reply().bulk(pick(v.members()));
            }
            return;
        }
        if (a.size() > 3) {
            throw new CommandError(CommandError.SYNTAX);
        }
        long l = ZRandomCommands.rangedLong(a.get(2), -Long.MAX_VALUE, Long.MAX_VALUE);
        SetValue v = s.keys().set(a.get(1));
        if (v == null || l == 0) {
            s.reply().array(0);
            return;
        }
        List<byte[]> all = v.members();
        List<byte[]> out;
        if (l < 0) {
            out = new ArrayList<>();
            for (long i = 0; i < -l; i++) {
                out.add(pick(all));
            }
        } else if (l >= all.size()) {
            out = all;
        } else {
            out = distinct(all, (int) l);
        }
        s.reply().array(out.size());
        out.forEach(m -> s.reply().bulk(m));
    }

    private static final byte[] SREM = {'S', 'R', 'E', 'M'};

    /** SPOP: recorded as the SREM of the members it picked, so a replay removes the same ones. */
    private static void spop(Session s, List<byte[]> a) {
        if (a.size() == 2) {
            SetValue v = s.keys().set(a.get(1));
            if (v == null) {
                s.unchanged();
                s.reply().nullBulk();
                return;
            }
            byte[] m = pick(v.members());
            v.remove(m);
            s.propagate(SREM, a.get(1), m); // the random pick is recorded as what it removed
            if (v.size() == 0) {
                s.db().delete(a.get(1));
            }
            s.reply().bulk(m);
            return;
        }
        if (a.size() > 3) {
            throw new CommandError(CommandError.SYNTAX);
        }
        long count = ListCommands.ranged(a.get(2), 0, "value is out of range, must be positive");
        SetValue v = s.keys().set(a.get(1));
        if (v == null || count == 0) {
            s.unchanged();
            s.reply().set(0);
            return;
        }
        List<byte[]> all = v.members();
        List<byte[]> out = count >= all.size() ? all : distinct(all, (int) count);
        byte[][] srem = new byte[out.size() + 2][];
        srem[0] = SREM;
        srem[1] = a.get(1);
        for (int i = 0; i < out.size(); i++) {
            v.remove(out.get(i));
            srem[i + 2] = out.get(i);
        }
        s.propagate(srem);
        if (v.size() == 0) {
            s.db().delete(a.get(1));
        }
        s.reply().set(out.size());
        out.forEach(m -> s.reply().bulk(m));
    }
}
