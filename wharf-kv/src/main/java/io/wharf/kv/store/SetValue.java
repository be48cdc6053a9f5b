package io.wharf.kv.store;

import io.wharf.kv.resp.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A set's members, encoded as Redis 7.0 encodes them so that replies list them in Redis's order where Redis's
 * order is defined: while every member is an integer (in Redis's canonical form) and there are at most
 * {@link #MAX_INTSET} of them, an ordered set of longs, iterated in ascending order as Redis's intset; once a
 * member is not an integer or the set grows past that, a hash set, and it stays one, as in Redis. The hash set
 * keeps insertion order up to {@link #MAX_ORDERED} members (Redis's hash table order is its own), then, for good,
 * becomes a {@link Dict}, iterated in table order and scanned with its reverse-binary cursor, so SSCAN of a big set
 * steps through it as Redis's does; a smaller one is scanned whole, in one call. Threading: guarded by the key
 * space's lock.
 */
public final class SetValue {

    /** Redis's {@code set-max-intset-entries}. */
    public static final int MAX_INTSET = 512;

    /** The hash set size past which members go into a {@link Dict} (as Redis's SCAN steps only a big table). */
    public static final int MAX_ORDERED = 128;

    private TreeSet<Long> ints = new TreeSet<>();
    /** The hash set while small (insertion order); null while an intset or once a table. */
    private SmallTable members;
    /** The hash set once big: members as keys (the values are unused). */
    private Dict<Boolean> table;
    /** Sum of the members' lengths while a hash set, for the memory estimate. */
    private long memberBytes;

    public boolean isIntset() {
        return ints != null;
    }

    public int size() {
        return isIntset() ? ints.size() : members != null ? members.size() : table.size();
    }

    public boolean contains(byte[] member) {
        if (isIntset()) {
            return Numbers.isLong(member) && ints.contains(Numbers.toLong(member));
        }
        return members != null ? members.indexOf(member) >= 0 : table.get(member) != null;
    }

    /** True once the members are in a {@link Dict}: SSCAN then steps with {@link #scan}. */
    public boolean isTable() {
        return table != null;
    }

    /** One SSCAN step over a big set ({@link Dict#scan}). */
    public long scan(long cursor, java.util.function.Consumer<byte[]> visitor) {
        return table.scan(cursor, (m, unused) -> visitor.accept(m));
    }

    /** True if {@code member} is new. */
    public boolean add(byte[] member) {
        if (isIntset()) {
            if (Numbers.isLong(member)) {
                long v = Numbers.toLong(member);
                if (ints.contains(v)) {
                    return false;
                }
                if (ints.size() < MAX_INTSET) {
                    ints.add(v);
                    return true;
                }
            }
            toHashSet();
        }
        if (members != null && members.size() >= MAX_ORDERED) {
            toTable();
        }
        boolean added;
        if (members != null) {
            added = members.indexOf(member) < 0;
            if (added) {
                members.add(member, null);
            }
        } else {
            added = table.put(member, true) == null;
        }
        if (added) {
            memberBytes += member.length;
        }
        return added;
    }

    /** True if {@code member} was there. */
    public boolean remove(byte[] member) {
        if (isIntset()) {
            return Numbers.isLong(member) && ints.remove(Numbers.toLong(member));
        }
        boolean removed;
        if (members != null) {
            int i = members.indexOf(member);
            removed = i >= 0;
            if (removed) {
                members.removeAt(i);
            }
        } else {
            removed = table.remove(member) != null;
        }
        if (removed) {
            memberBytes -= member.length;
        }
        return removed;
    }

    /** The small hash set's slots, 0 while an intset or a table (for the memory estimate). */
    int capacity() {
        return members != null ? members.capacity() : 0;
    }

    /** The members' lengths summed (0 while an intset). */
    long memberBytes() {
        return memberBytes;
    }

    /** A copy that shares no state with this one, in the same encoding. */
    public SetValue copy() {
        SetValue c = new SetValue();
        if (isIntset()) {
            c.ints.addAll(ints);
        } else {
            c.ints = null;
            if (members != null) {
                c.members = members.copy();
            } else {
                c.table = new Dict<>();
                table.forEach(c.table::put);
            }
            c.memberBytes = memberBytes;
        }
        return c;
    }

    /** The members, in iteration order. */
    public List<byte[]> members() {
        List<byte[]> out = new ArrayList<>(size());
        if (isIntset()) {
            for (long v : ints) {
                out.add(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
            }
        } else if (members != null) {
            for (int i = 0; i < members.size(); i++) {
                out.add(members.key(i));
            }
        } else {
            table.forEach((m, unused) -> out.add(m));
        }
        return out;
    }

    private void toTable() {
        table = new Dict<>();
        for (int i = 0; i < members.size(); i++) {
            table.put(members.key(i), true);
        }
        members = null;
    }

    private void toHashSet() {
        members = new SmallTable(false);
        for (long v : ints) {
            byte[] m = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
            members.add(m, null);
            memberBytes += m.length;
        }
        ints = null;
    }
}
