package io.wharf.kv.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A sorted set, as Redis keeps a large one: a {@link SkipList} for order and rank, and a dict from member to
 * its node for O(1) scores. Redis keeps a small set (at most {@link #MAX_LISTPACK_ENTRIES} members of at most
 * {@link #MAX_LISTPACK_VALUE} bytes) as a listpack instead; the replies are the same, so only
 * {@link #encoding} (OBJECT ENCODING) tracks that, converting one way as Redis does.
 *
 * <p>Threading: guarded by the key space's lock.
 */
public final class ZSetValue {

    /** Redis's {@code zset-max-listpack-entries} and {@code zset-max-listpack-value}. */
    public static final int MAX_LISTPACK_ENTRIES = 128;
    public static final int MAX_LISTPACK_VALUE = 64;

    private final Dict<SkipList.Node> dict = new Dict<>();
    private final SkipList list = new SkipList();
    private boolean listpack = true;
    /** The members' bytes, kept as members come and go (for {@link MemoryEstimate}). */
    private long memberBytes;

    public int size() {
        return list.length();
    }

    /** The members' bytes in all. */
    public long memberBytes() {
        return memberBytes;
    }

    public String encoding() {
        return listpack ? "listpack" : "skiplist";
    }

    /** Back to a listpack if small enough ({@code zsetConvertToListpackIfNeeded}, for STORE results). */
    public void compactIfSmall() {
        if (size() > MAX_LISTPACK_ENTRIES) {
            return;
        }
        for (SkipList.Node n = list.first(); n != null; n = n.next()) {
            if (n.member.length > MAX_LISTPACK_VALUE) {
                return;
            }
        }
        listpack = true;
    }

    /** The member's score, or null. */
    public Double score(byte[] member) {
        SkipList.Node n = dict.get(member);
        return n == null ? null : n.score;
    }

    /** Sets the member's score, adding it if new; true if it is new. */
    public boolean put(byte[] member, double score) {
        SkipList.Node n = dict.get(member);
        if (n != null) {
            if (n.score != score) {
                list.delete(n.score, n.member);
                dict.put(n.member, list.insert(score, n.member));
            }
            return false;
        }
        dict.put(member, list.insert(score, member));
        memberBytes += member.length;
        if (listpack && (size() > MAX_LISTPACK_ENTRIES || member.length > MAX_LISTPACK_VALUE)) {
            listpack = false;
        }
        return true;
    }

    /** True if the member was there. */
    public boolean remove(byte[] member) {
        SkipList.Node n = dict.remove(member);
        if (n == null) {
            return false;
        }
        list.delete(n.score, n.member);
        memberBytes -= n.member.length;
        return true;
    }

    /** The 0-based rank of the member (from the highest if {@code reverse}), or -1. */
    public long rank(byte[] member, boolean reverse) {
        SkipList.Node n = dict.get(member);
        if (n == null) {
            return -1;
        }
        long r = list.rank(n.score, n.member) - 1;
        return reverse ? size() - 1 - r : r;
    }

    /** The node at 0-based rank {@code rank} (counted from the lowest), or null. */
    public SkipList.Node at(long rank) {
        return rank < 0 || rank >= size() ? null : list.byRank(rank + 1);
    }

    public SkipList.Node first() {
        return list.first();
    }

    public SkipList.Node last() {
        return list.last();
    }

    public SkipList.Node firstIn(SkipList.Range range) {
        return list.firstIn(range);
    }

    public SkipList.Node lastIn(SkipList.Range range) {
        return list.lastIn(range);
    }

    /** The members in order. */
    public List<SkipList.Node> nodes() {
        List<SkipList.Node> out = new ArrayList<>(size());
        for (SkipList.Node n = list.first(); n != null; n = n.next()) {
            out.add(n);
        }
        return out;
    }

    /** The member's node, or null. */
    public SkipList.Node node(byte[] member) {
        return dict.get(member);
    }

    /** One ZSCAN step over the dict ({@link Dict#scan}): member and score. */
    public long scan(long cursor, BiConsumer<byte[], Double> visitor) {
        return dict.scan(cursor, (m, n) -> visitor.accept(m, n.score));
    }

    /** A member picked at random, or null when empty. */
    public SkipList.Node random() {
        byte[] m = dict.randomKey();
        return m == null ? null : dict.get(m);
    }

    /** A copy sharing no state, in the same encoding. */
    public ZSetValue copy() {
        ZSetValue c = new ZSetValue();
        for (SkipList.Node n = list.first(); n != null; n = n.next()) {
            c.put(n.member, n.score);
        }
        c.listpack = listpack;
        return c;
    }
}
