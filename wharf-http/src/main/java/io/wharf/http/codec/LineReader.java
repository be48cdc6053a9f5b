package io.wharf.http.codec;

import java.nio.ByteBuffer;

/**
 * Collects one CRLF-terminated line from buffers that may split it anywhere. A line that lies wholly in one
 * input buffer is returned as a slice of it, without copying; only a line split across buffers is copied, into
 * a buffer that grows on demand up to the largest limit (plus one byte for a held CR), so a hostile stream
 * never makes it grow further.
 *
 * <p>The limit is checked as bytes arrive, not when the line ends: the line is refused at the first byte that
 * takes it past the limit, counting a CR that may turn out to be the terminator as not yet part of it. That
 * makes the outcome a function of the bytes alone, however they were split.
 *
 * <p>Threading: not thread-safe; owned by one parser.
 */
final class LineReader {

    private static final int INITIAL_CAPACITY = 256;

    private final int maxCapacity;
    private byte[] head = new byte[0];
    private int headLength;

    /** @param maxLimit the largest limit any line will be read with */
    LineReader(int maxLimit) {
        this.maxCapacity = maxLimit + 1;
    }

    /**
     * Reads up to the end of a line. Returns the line, CRLF excluded, with its bytes at absolute indices
     * {@code [0, limit())} and valid until the next call; or null when {@code in} ran out first (its bytes are
     * kept). Consumes the LF.
     *
     * @throws Refusal {@code overflowStatus} past {@code limit}; 400 for a LF without CR before it
     */
    ByteBuffer read(ByteBuffer in, int limit, int overflowStatus, String what) {
        int start = in.position();
        int end = in.limit();
        int lf = start;
        while (lf < end && in.get(lf) != '\n') {
            lf++;
        }
        int n = lf - start;
        int total = headLength + n;
        byte last = n > 0 ? in.get(lf - 1) : headLength > 0 ? head[headLength - 1] : 0;
        if (total - (last == '\r' ? 1 : 0) > limit) {
            throw new Refusal(overflowStatus, what + " too long");
        }
        if (lf == end) {
            append(in, start, n);
            in.position(end);
            return null;
        }
        in.position(lf + 1);
        if (last != '\r') {
            throw Refusal.bad("line ends with a bare LF");
        }
        if (headLength == 0) {
            return in.slice(start, n - 1);
        }
        append(in, start, n);
        ByteBuffer line = ByteBuffer.wrap(head, 0, headLength - 1);
        headLength = 0;
        return line;
    }

    /** True when part of a line is held. */
    boolean holding() {
        return headLength > 0;
    }

    /** Lets go of a buffer grown by a long line, so that an idle connection stays small. */
    void trim() {
        if (headLength == 0 && head.length > INITIAL_CAPACITY) {
            head = new byte[0];
        }
    }

    /** Bytes this reader holds on to, for tests of bounded memory. */
    int capacity() {
        return head.length;
    }

    private void append(ByteBuffer in, int from, int n) {
        if (n == 0) {
            return;
        }
        int need = headLength + n;
        if (need > head.length) {
            int grown = Math.max(INITIAL_CAPACITY, head.length * 2);
            byte[] bigger = new byte[Math.min(maxCapacity, Math.max(grown, need))];
            System.arraycopy(head, 0, bigger, 0, headLength);
            head = bigger;
        }
        in.get(from, head, headLength, n);
        headLength = need;
    }
}
