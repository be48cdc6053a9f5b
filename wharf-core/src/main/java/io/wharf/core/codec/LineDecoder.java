package io.wharf.core.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Splits a byte stream into lines, incrementally: feed it whatever arrived, split anywhere, and it reports
 * each complete line once its terminator is seen. LF ends a line, and so does CR LF (the CR is then not part
 * of the line); a CR not followed by LF is ordinary data.
 *
 * <p>Memory stays bounded by {@code maxLine}: a line longer than that is not accumulated; its bytes are
 * counted and dropped, and {@link Listener#overlong} reports it when it finally ends, after which decoding
 * carries on in sync with the next line. A line that lies wholly inside one input buffer is handed over as a
 * slice of that buffer, without copying; only the head of a line split across buffers is copied, into a
 * buffer that grows on demand up to {@code maxLine}.
 *
 * <p>A listener that must stop for now (its connection is no longer writable) calls {@link #stop} from
 * {@code line}, {@code overlong} or {@code overlongStarted} (then decoding resumes inside the overlong line): {@link #decode} then returns right after that line's terminator, leaving
 * the rest of the input unconsumed, to be fed again later. The decoder's state is already complete for the
 * line just reported, so stopping needs no state of its own beyond the request.
 *
 * <p>Threading: not thread-safe. One decoder per connection, fed from the connection's handler thread.
 */
public final class LineDecoder {

    /** Receives the decoder's output, on the thread that calls {@link #decode}. */
    public interface Listener {

        /**
         * A complete line, without its terminator. The buffer is only valid during this call (it may be a
         * slice of the input, or the decoder's own buffer, reused for the next line).
         */
        void line(ByteBuffer line);

        /** A line of {@code length} bytes (terminator excluded), more than the maximum, was dropped. */
        void overlong(long length);

        /**
         * The line being decoded has just passed the maximum, before its end is seen: once per overlong line,
         * before its {@link #overlong}. A listener that answers at once (not only when a 20 MB line finally
         * ends) does it here.
         */
        default void overlongStarted() {
        }
    }

    private enum State {
        /** Inside a line (possibly at its start); its head, if any, is in {@code head}. */
        SCANNING,
        /** The last input byte was a CR, held back: the line's end if LF follows, data otherwise. */
        SAW_CR,
        /** The line passed the maximum: counting its bytes, keeping none, until it ends. */
        DISCARDING,
        /** Discarding, and the last input byte was a CR, held back as in {@link #SAW_CR}. */
        DISCARDING_SAW_CR
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    /** Source of a held-back CR that turned out to be data; only ever read with absolute gets. */
    private static final ByteBuffer LONE_CR = ByteBuffer.wrap(new byte[] {CR}).asReadOnlyBuffer();
    private static final int INITIAL_CAPACITY = 256;
    /** A head buffer grown past this by one long line is dropped afterwards, so idle connections stay small. */
    private static final int RETAINED_CAPACITY = 8 * 1024;

    private final int maxLine;
    private final Listener listener;
    private State state = State.SCANNING;
    private byte[] head = new byte[0];
    private int headLength;
    /** Bytes of the overlong line counted so far, a held-back CR excluded. */
    private long discarded;
    /** Set by {@link #stop} during a listener call; {@link #decode} returns once it sees it. */
    private boolean stopRequested;

    /** @param maxLine the longest line accepted, in bytes, terminator excluded; at least 1 */
    public LineDecoder(int maxLine, Listener listener) {
        if (maxLine < 1) {
            throw new IllegalArgumentException("maxLine must be at least 1, got " + maxLine);
        }
        this.maxLine = maxLine;
        this.listener = listener;
    }

    public int maxLine() {
        return maxLine;
    }

    /**
     * Consumes every remaining byte of {@code in}, reporting the lines it completes, unless the listener
     * {@link #stop}s it: then {@code in} is left just past the terminator of the line that stopped it.
     *
     * @return true if every byte was consumed, false if stopped with bytes left
     */
    public boolean decode(ByteBuffer in) {
        stopRequested = false;
        while (in.hasRemaining()) {
            if (stopRequested) {
                stopRequested = false;
                return false;
            }
            switch (state) {
                case SCANNING -> scan(in);
                case SAW_CR -> afterCr(in);
                case DISCARDING -> discard(in);
                case DISCARDING_SAW_CR -> afterCrDiscarding(in);
            }
        }
        stopRequested = false;
        return true;
    }

    /**
     * From a listener call: stop decoding after the line just reported. Anywhere else it has no effect: each
     * {@link #decode} starts afresh.
     */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Forgets the unfinished line, as a shell forgets what was typed before Ctrl-C: the next byte starts a new
     * line. A held-back CR goes with it, and so does the count of an overlong line being discarded, which is
     * then not reported. Call between {@link #decode} calls (or from a listener call).
     */
    public void discardLine() {
        state = State.SCANNING;
        discarded = 0;
        dropHead();
    }

    /**
     * The input has ended (the client closed its side): an unfinished line is reported as a line, as a shell
     * takes a last line without its newline. An overlong one being dropped was answered already and stays
     * dropped. Call between {@link #decode} calls.
     */
    public void endOfInput() {
        if (state == State.SCANNING || state == State.SAW_CR) {
            // a held-back CR at the very end ended the line: it is not part of it
            if (headLength > 0) {
                ByteBuffer line = ByteBuffer.wrap(head, 0, headLength);
                state = State.SCANNING;
                dropHead();
                listener.line(line);
            } else {
                state = State.SCANNING;
            }
        } else {
            state = State.SCANNING;
            discarded = 0;
            dropHead();
        }
    }

    /** True while a line has begun but not ended: bytes of it are held, or an overlong one is being dropped. */
    public boolean midLine() {
        return state != State.SCANNING || headLength > 0;
    }

    /** Bytes of an unfinished line held in the decoder's own buffer. */
    int bufferedBytes() {
        return headLength;
    }

    /** Size of the decoder's own buffer: never more than {@code maxLine}. */
    int capacity() {
        return head.length;
    }

    private void scan(ByteBuffer in) {
        int start = in.position();
        int limit = in.limit();
        for (int i = start; i < limit; i++) {
            byte b = in.get(i);
            if (b == LF) {
                in.position(i + 1);
                lineEnds(in, start, i);
                return;
            }
            if (b == CR) {
                if (i + 1 == limit) {
                    in.position(limit);
                    keep(in, start, i, State.SAW_CR, State.DISCARDING_SAW_CR);
                    return;
                }
                if (in.get(i + 1) == LF) {
                    in.position(i + 2);
                    lineEnds(in, start, i);
                    return;
                }
                // a lone CR is data: keep scanning
            }
        }
        in.position(limit);
        keep(in, start, limit, State.SCANNING, State.DISCARDING);
    }

    private void afterCr(ByteBuffer in) {
        if (in.get(in.position()) == LF) {
            in.position(in.position() + 1);
            state = State.SCANNING;
            emitHead();
        } else {
            // the held-back CR was data; the byte after it is scanned next
            keep(LONE_CR, 0, 1, State.SCANNING, State.DISCARDING);
        }
    }

    private void discard(ByteBuffer in) {
        int start = in.position();
        int limit = in.limit();
        for (int i = start; i < limit; i++) {
            if (in.get(i) == LF) {
                boolean crlf = i > start && in.get(i - 1) == CR;
                in.position(i + 1);
                overlongEnds(discarded + (i - start) - (crlf ? 1 : 0));
                return;
            }
        }
        in.position(limit);
        if (in.get(limit - 1) == CR) {
            discarded += limit - start - 1;
            state = State.DISCARDING_SAW_CR;
        } else {
            discarded += limit - start;
            state = State.DISCARDING;
        }
    }

    private void afterCrDiscarding(ByteBuffer in) {
        if (in.get(in.position()) == LF) {
            in.position(in.position() + 1);
            overlongEnds(discarded);
        } else {
            discarded++;
            state = State.DISCARDING;
        }
    }

    /**
     * Adds {@code in[from, to)} to the unfinished line and moves to {@code next}, or to {@code nextIfOverlong}
     * (dropping what was kept) when the line is now longer than the maximum.
     */
    private void keep(ByteBuffer in, int from, int to, State next, State nextIfOverlong) {
        int n = to - from;
        long length = (long) headLength + n;
        if (length > maxLine) {
            discarded = length;
            dropHead();
            state = nextIfOverlong;
            listener.overlongStarted();
            return;
        }
        if (length > head.length) {
            int grown = (int) Math.min(maxLine, Math.max(length, Math.max(INITIAL_CAPACITY, 2L * head.length)));
            head = Arrays.copyOf(head, grown);
        }
        in.get(from, head, headLength, n);
        headLength = (int) length;
        state = next;
    }

    /** The line's last data byte is at {@code in[end - 1]}; the decoder's position is already past the terminator. */
    private void lineEnds(ByteBuffer in, int start, int end) {
        state = State.SCANNING;
        int n = end - start;
        if (headLength == 0) {
            if (n > maxLine) {
                listener.overlongStarted();
                listener.overlong(n);
            } else {
                listener.line(in.slice(start, n));
            }
            return;
        }
        keep(in, start, end, State.SCANNING, State.SCANNING);
        if (discarded > 0) {
            long length = discarded;
            discarded = 0;
            listener.overlong(length);
        } else {
            emitHead();
        }
    }

    private void emitHead() {
        int n = headLength;
        byte[] line = head;
        dropHead();
        // still valid: the next append happens after the listener returns
        listener.line(ByteBuffer.wrap(line, 0, n));
    }

    private void overlongEnds(long length) {
        state = State.SCANNING;
        discarded = 0;
        listener.overlong(length);
    }

    private void dropHead() {
        headLength = 0;
        if (head.length > RETAINED_CAPACITY) {
            head = new byte[0];
        }
    }
}
