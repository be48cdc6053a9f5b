package io.wharf.load;

/**
 * What one receiver has had from each sender of its room: the next sequence number it expects, a bitmap of
 * the {@link #WINDOW} numbers below it (to tell a late message from a duplicate), and how many distinct
 * measured messages came. Senders are numbered within the room, 0 to members - 1.
 *
 * <p>Threading: owned by one load thread; read by the coordinator after that thread has been joined.
 */
final class SequenceTracker {

    enum Arrival {
        /** The next one expected, or one past a gap (the gap's messages may still come late, or be lost). */
        IN_ORDER,
        /** A message from before one already received: it filled a gap. */
        LATE,
        /** Received before. */
        DUPLICATE
    }

    /** How far behind the newest a message can be told apart as late or duplicate; older counts as late. */
    static final int WINDOW = 64;

    private final long[] next;
    /** Bit {@code i}: sequence {@code next - 1 - i} has come. */
    private final long[] seen;
    private final int[] measured;

    SequenceTracker(int senders) {
        next = new long[senders];
        seen = new long[senders];
        measured = new int[senders];
    }

    Arrival accept(int sender, long sequence) {
        long expected = next[sender];
        if (sequence >= expected) {
            long shift = sequence - expected + 1;
            seen[sender] = (shift >= Long.SIZE ? 0 : seen[sender] << shift) | 1L;
            next[sender] = sequence + 1;
            return Arrival.IN_ORDER;
        }
        long behind = expected - 1 - sequence;
        if (behind >= WINDOW) {
            return Arrival.LATE;
        }
        long bit = 1L << behind;
        if ((seen[sender] & bit) != 0) {
            return Arrival.DUPLICATE;
        }
        seen[sender] |= bit;
        return Arrival.LATE;
    }

    /** Counts a distinct message from {@code sender} sent inside the measurement window. */
    void measured(int sender) {
        measured[sender]++;
    }

    int measuredFrom(int sender) {
        return measured[sender];
    }
}
