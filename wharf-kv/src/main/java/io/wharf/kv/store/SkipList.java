package io.wharf.kv.store;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Redis's {@code zskiplist} (t_zset.c): members ordered by score, then by member bytes (unsigned, shorter
 * first on a common prefix, as {@code sdscmp}), each level's links carrying their span so that a member's rank
 * and the member at a rank are found in O(log n). Level 0 is doubly linked, for reverse walks. Members are
 * unique; the caller ({@link ZSetValue}) checks that in its dict before inserting.
 *
 * <p>Threading: not thread-safe; the key space's lock guards it.
 */
public final class SkipList {

    static final int MAX_LEVEL = 32;
    private static final double P = 0.25;

    /** One member; {@link #next}/{@link #previous} walk the order. */
    public static final class Node {
        final byte[] member;
        double score;
        Node backward;
        final Node[] forward;
        final long[] span;

        Node(int level, double score, byte[] member) {
            this.member = member;
            this.score = score;
            this.forward = new Node[level];
            this.span = new long[level];
        }

        public byte[] member() {
            return member;
        }

        public double score() {
            return score;
        }

        public Node next() {
            return forward[0];
        }

        public Node previous() {
            return backward;
        }
    }

    private final Node header = new Node(MAX_LEVEL, 0, null);
    private Node tail;
    private int level = 1;
    private int length;

    public int length() {
        return length;
    }

    public Node first() {
        return header.forward[0];
    }

    public Node last() {
        return tail;
    }

    static int compare(double s1, byte[] m1, double s2, byte[] m2) {
        int c = Double.compare(s1, s2);
        if (s1 == s2) {
            c = 0; // -0.0 and 0.0 are one score, as in C
        }
        return c != 0 ? c : Arrays.compareUnsigned(m1, m2);
    }

    private static int randomLevel() {
        int l = 1;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (l < MAX_LEVEL && r.nextDouble() < P) {
            l++;
        }
        return l;
    }

    /** Inserts a member that is not in the list. */
    public Node insert(double score, byte[] member) {
        Node[] update = new Node[MAX_LEVEL];
        long[] rank = new long[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) < 0) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        int l = randomLevel();
        if (l > level) {
            for (int i = level; i < l; i++) {
                rank[i] = 0;
                update[i] = header;
                header.span[i] = length;
            }
            level = l;
        }
        Node n = new Node(l, score, member);
        for (int i = 0; i < l; i++) {
            n.forward[i] = update[i].forward[i];
            update[i].forward[i] = n;
            n.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = l; i < level; i++) {
            update[i].span[i]++;
        }
        n.backward = update[0] == header ? null : update[0];
        if (n.forward[0] != null) {
            n.forward[0].backward = n;
        } else {
            tail = n;
        }
        length++;
        return n;
    }

    /** Removes the member with this score; true if it was there. */
    public boolean delete(double score, byte[] member) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) < 0) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        x = x.forward[0];
        if (x != null && x.score == score && Arrays.equals(x.member, member)) {
            unlink(x, update);
            return true;
        }
        return false;
    }

    private void unlink(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].forward[i] = x.forward[i];
            } else {
                update[i].span[i] -= 1;
            }
        }
        if (x.forward[0] != null) {
            x.forward[0].backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && header.forward[level - 1] == null) {
            level--;
        }
        length--;
    }

    /** The 1-based rank of the member with this score, 0 if absent. */
    public long rank(double score, byte[] member) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) <= 0) {
                rank += x.span[i];
                x = x.forward[i];
            }
            if (x.member != null && Arrays.equals(x.member, member)) {
                return rank;
            }
        }
        return 0;
    }

    /** The node at 1-based {@code rank}, or null. */
    public Node byRank(long rank) {
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= rank) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == rank) {
                return x == header ? null : x;
            }
        }
        return null;
    }

    /** The first node not below {@code range}'s minimum and within it, or null. */
    public Node firstIn(Range range) {
        if (!overlaps(range)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.aboveMin(x.forward[i])) {
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        return x != null && range.belowMax(x) ? x : null;
    }

    /** The last node within {@code range}, or null. */
    public Node lastIn(Range range) {
        if (!overlaps(range)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && range.belowMax(x.forward[i])) {
                x = x.forward[i];
            }
        }
        return x != header && range.aboveMin(x) ? x : null;
    }

    private boolean overlaps(Range range) {
        return !range.empty() && tail != null && range.aboveMin(tail) && range.belowMax(header.forward[0]);
    }

    /** A score or lex interval, tested node by node. */
    public interface Range {
        boolean empty();

        /** The node is at or past the minimum (strictly past it if exclusive). */
        boolean aboveMin(Node n);

        boolean belowMax(Node n);
    }
}
