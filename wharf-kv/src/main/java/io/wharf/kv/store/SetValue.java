package io.wharf.kv.store;

import io.wharf.kv.resp.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set's members, encoded as Redis 7.0 encodes them so that replies list them in Redis's order where Redis's
 * order is defined: while every member is an integer (in Redis's canonical form) and there are at most
 * {@link #MAX_INTSET} of them, an ordered set of longs, iterated in ascending order as Redis's intset; once a
 * member is not an integer or the set grows past that, a hash set (insertion order; Redis's hash table order
 * is its own), and it stays one, as in Redis. Threading: guarded by the key space's lock.
 */
public final class SetValue {

    /** Redis's {@code set-max-intset-entries}. */
    public static final int MAX_INTSET = 512;

    private TreeSet<Long> ints = new TreeSet<>();
    private Set<HashValue.Field> members;
    /** Sum of the members' lengths while a hash set, for the memory estimate. */
    private long memberBytes;

    public boolean isIntset() {
        return members == null;
    }

    public int size() {
        return isIntset() ? ints.size() : members.size();
    }

    public boolean contains(byte[] member) {
        if (isIntset()) {
            return Numbers.isLong(member) && ints.contains(Numbers.toLong(member));
        }
        return members.contains(new HashValue.Field(member));
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
        boolean added = members.add(new HashValue.Field(member));
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
        boolean removed = members.remove(new HashValue.Field(member));
        if (removed) {
            memberBytes -= member.length;
        }
        return removed;
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
            c.members = new LinkedHashSet<>(members);
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
        } else {
            for (HashValue.Field f : members) {
                out.add(f.bytes());
            }
        }
        return out;
    }

    private void toHashSet() {
        members = new LinkedHashSet<>();
        for (long v : ints) {
            byte[] m = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
            members.add(new HashValue.Field(m));
            memberBytes += m.length;
        }
        ints = null;
    }
}
