package io.wharf.kv.command;

import io.wharf.kv.store.Glob;

import java.util.List;

/**
 * The options of ZSCAN, HSCAN and SSCAN ({@code scanGenericCommand} for a key): MATCH and COUNT, no TYPE.
 * Parsed after the cursor and the key's lookup, as Redis does, so a missing key answers before a bad option.
 * A member (or field) that does not match is left out together with its score (or value). Immutable.
 */
record Scan(long count, byte[] pattern) {

    static Scan parse(List<byte[]> a, int from) {
        long count = 10;
        byte[] pattern = null;
        for (int i = from; i < a.size(); ) {
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
            } else {
                throw new CommandError(CommandError.SYNTAX);
            }
        }
        return new Scan(count, pattern);
    }

    /** Adds {@code key} (and {@code value}, if not null) to {@code out} if the pattern matches it. */
    void add(List<byte[]> out, byte[] key, byte[] value) {
        if (pattern != null && !Glob.matches(pattern, key)) {
            return;
        }
        out.add(key);
        if (value != null) {
            out.add(value);
        }
    }

    static void reply(Session s, long cursor, List<byte[]> items) {
        s.reply().array(2).bulk(Long.toUnsignedString(cursor)).array(items.size());
        for (byte[] b : items) {
            s.reply().bulk(b);
        }
    }

    static void empty(Session s) {
        s.reply().array(2).bulk("0").array(0);
    }
}
