package io.wharf.kv.resp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Incremental decoder of client requests as Redis 7.0 reads them ({@code processMultibulkBuffer} and
 * {@code processInlineBuffer} in networking.c): RESP multibulk ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) or, when a
 * request does not start with {@code *}, an inline command line ({@code GET k\r\n}, split as
 * {@link InlineSplitter} says), so telnet and nc work.
 *
 * <p>An explicit state machine, in the manner of Netty's {@code RedisDecoder}: {@link #decode} walks
 * {@link State} in a loop, each state consuming what it can and keeping partial input (a header line, a bulk
 * string) in this object until the rest arrives, so a request may be split at any byte. A header line or a bulk
 * argument that is wholly in the buffer (a pipeline's usual case) is taken in one step instead
 * ({@code wholeHeader}, {@code wholeBulk}), or left to the states when anything about it is unusual.
 *
 * <p>Redis's quirks are kept on purpose, since clients see them: a header line ends at {@code \r} and the byte
 * after it is skipped unread; the two bytes after a bulk string are skipped unread; a multibulk of length 0 or
 * less is ignored, as is an empty inline line; a bulk header that does not start with {@code $} is only
 * rejected once its line is complete. The limits are Redis's: 64 KiB for a header or inline line
 * ({@code PROTO_INLINE_MAX_SIZE}), {@code INT_MAX} arguments, {@code proto-max-bulk-len} per argument, 10
 * arguments and 16 KiB bulks before authentication, and the query buffer limit for what one unfinished
 * request may hold.
 *
 * <p>Errors: a protocol error is reported once, with Redis's exact text, and the decoder then ignores all
 * input (Redis replies and closes the connection). Threading: not thread-safe; one per connection.
 */
public final class RespDecoder {

    /** What the decoder reports to. */
    public interface Listener {

        /**
         * A complete command (at least one argument). Return false to stop decoding right after it: the bytes
         * that follow are left in the buffer given to {@link #decode}.
         */
        boolean command(List<byte[]> args);

        /** A protocol error, worded as Redis words it (without the {@code -ERR } prefix). */
        void protocolError(String message);

        /** The unfinished request passed the query buffer limit: Redis drops such a client without a reply. */
        void queryBufferExceeded(long held);
    }

    /** The longest header or inline line Redis keeps waiting for (PROTO_INLINE_MAX_SIZE). */
    public static final int MAX_LINE = 64 * 1024;
    private static final int UNAUTHENTICATED_MAX_ARGS = 10;
    private static final int UNAUTHENTICATED_MAX_BULK = 16 * 1024;
    private static final int PREALLOCATE_BULK = 1 << 20;

    enum State {
        /** The first byte of a request tells multibulk ({@code *}) from inline. */
        TYPE,
        /** The multibulk count line, up to {@code \r}. */
        COUNT_LINE,
        /** A bulk header line, {@code $len}, up to {@code \r}. */
        BULK_LINE,
        /** The byte after a header line's {@code \r}, skipped unread. */
        LINE_END,
        /** The bytes of a bulk string. */
        BULK_DATA,
        /** The two bytes after a bulk string, skipped unread. */
        BULK_END,
        /** An inline command line, up to {@code \n}. */
        INLINE,
        /** After a protocol error or an overflow: everything is ignored. */
        FAILED
    }

    private final Listener listener;
    private final long maxBulk;
    private final long queryBufferLimit;
    private final BooleanSupplier authRequired;

    private State state = State.TYPE;
    private final byte[] line = new byte[MAX_LINE + 1];
    private int lineLength;
    /** The number a fast-path header line held ({@link #wholeHeader}). */
    private long header;
    /** Which line LINE_END finishes: COUNT_LINE or BULK_LINE. */
    private State lineOf;
    /** The arguments read so far; an empty immutable list between requests (the next count line sizes one). */
    private List<byte[]> args = List.of();
    private long remainingArgs;
    private byte[] bulk;
    private int bulkLength;
    private int bulkFilled;
    private int endSkip;
    private long held;

    public RespDecoder(Listener listener, long maxBulk, long queryBufferLimit, BooleanSupplier authRequired) {
        this.listener = listener;
        this.maxBulk = maxBulk;
        this.queryBufferLimit = queryBufferLimit;
        this.authRequired = authRequired;
    }

    State state() {
        return state;
    }

    /** True when no request is partly read. */
    public boolean idle() {
        return state == State.TYPE;
    }

    /**
     * Consumes {@code in} up to its end, or up to the end of a command the listener asked to stop after, or up
     * to a protocol error (after which the rest is consumed and ignored).
     */
    public void decode(ByteBuffer in) {
        for (;;) {
            if (!in.hasRemaining() && state != State.TYPE) {
                checkHeld();
                return;
            }
            switch (state) {
                case TYPE -> {
                    if (!in.hasRemaining()) {
                        return;
                    }
                    byte b = in.get(in.position());
                    lineLength = 0;
                    if (b == '*' && wholeHeader(in, (byte) '*')) {
                        if (!count(header) || state == State.TYPE && !args.isEmpty() && !finish()) {
                            if (state == State.FAILED) {
                                in.position(in.limit());
                            }
                            return;
                        }
                    } else if (b == '*') {
                        in.get();
                        line[lineLength++] = b;
                        state = State.COUNT_LINE;
                    } else {
                        state = State.INLINE;
                    }
                }
                case COUNT_LINE, BULK_LINE -> {
                    if (state == State.BULK_LINE && lineLength == 0 && wholeBulk(in)) {
                        if (--remainingArgs == 0) {
                            state = State.TYPE;
                            if (!finish()) {
                                return;
                            }
                        }
                    } else if (readLine(in, (byte) '\r')) {
                        lineOf = state;
                        state = State.LINE_END;
                    } else if (lineLength > MAX_LINE) {
                        fail(state == State.COUNT_LINE ? "too big mbulk count string" : "too big bulk count string");
                        in.position(in.limit());
                        return;
                    }
                }
                case LINE_END -> {
                    in.get();
                    if (lineOf == State.COUNT_LINE ? !countLine() : !bulkLine()) {
                        in.position(in.limit());
                        return;
                    }
                    if (state == State.TYPE && !args.isEmpty() && !finish()) {
                        return;
                    }
                }
                case BULK_DATA -> {
                    int n = Math.min(in.remaining(), bulkLength - bulkFilled);
                    if (bulk.length < bulkFilled + n) {
                        bulk = Arrays.copyOf(bulk, (int) Math.min(bulkLength, Math.max(bulk.length * 2L, bulkFilled + n)));
                    }
                    in.get(bulk, bulkFilled, n);
                    bulkFilled += n;
                    if (bulkFilled == bulkLength) {
                        held += bulkLength;
                        args.add(bulk);
                        bulk = null;
                        endSkip = 2;
                        state = State.BULK_END;
                    }
                }
                case BULK_END -> {
                    int n = Math.min(in.remaining(), endSkip);
                    in.position(in.position() + n);
                    endSkip -= n;
                    if (endSkip == 0) {
                        if (--remainingArgs > 0) {
                            lineLength = 0;
                            state = State.BULK_LINE;
                        } else {
                            state = State.TYPE;
                            if (!finish()) {
                                return;
                            }
                        }
                    }
                }
                case INLINE -> {
                    if (readLine(in, (byte) '\n')) {
                        if (!inline()) {
                            in.position(in.limit());
                            return;
                        }
                        if (state == State.TYPE && !args.isEmpty() && !finish()) {
                            return;
                        }
                    } else if (lineLength > MAX_LINE) {
                        fail("too big inline request");
                        in.position(in.limit());
                        return;
                    }
                }
                case FAILED -> {
                    in.position(in.limit());
                    return;
                }
            }
        }
    }

    /** Appends input to {@link #line} up to {@code end} (consumed, not kept); true once it is seen. */
    private boolean readLine(ByteBuffer in, byte end) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == end) {
                return true;
            }
            if (lineLength <= MAX_LINE) {
                line[lineLength] = b;
            }
            lineLength++;
            if (lineLength > MAX_LINE) {
                return false;
            }
        }
        return false;
    }

    /**
     * The fast path of a header line: when the buffer holds all of {@code <type><digits>\r} and the byte after it,
     * and the digits are a plain number (no sign, no leading zero, at most 10 of them), it is read in place (a
     * heap or a direct buffer) into {@link #header} and consumed, with no state steps; else nothing is consumed and false
     * returned, and the byte-at-a-time states read it (and give any error), as they read a line split anywhere.
     */
    private boolean wholeHeader(ByteBuffer in, byte type) {
        int p = in.position();
        int end = in.limit();
        if (p >= end || in.get(p) != type) {
            return false;
        }
        int i = p + 1;
        long n = 0;
        while (i < end && i - p <= 10) {
            int d = in.get(i) - '0';
            if (d < 0 || d > 9) {
                break;
            }
            n = n * 10 + d;
            i++;
        }
        int digits = i - p - 1;
        if (digits == 0 || digits > 10 || digits > 1 && in.get(p + 1) == '0' || i + 1 >= end || in.get(i) != '\r') {
            return false;
        }
        header = n;
        in.position(i + 2); // the byte after \r is skipped unread, as the LINE_END state does
        return true;
    }

    /**
     * The fast path of a bulk argument: its header ({@link #wholeHeader}) and all its bytes and the two after
     * them are in the buffer, and its length is within the limits; it is then taken in one copy. Else nothing is
     * consumed and false returned.
     */
    private boolean wholeBulk(ByteBuffer in) {
        int start = in.position();
        if (!wholeHeader(in, (byte) '$')) {
            return false;
        }
        long n = header;
        if (n > maxBulk || n > UNAUTHENTICATED_MAX_BULK && authRequired.getAsBoolean() || in.remaining() < n + 2) {
            in.position(start);
            return false;
        }
        byte[] arg = new byte[(int) n];
        in.get(in.position(), arg);
        args.add(arg);
        held += n;
        in.position(in.position() + (int) n + 2); // the two bytes after it are skipped unread, as BULK_END does
        return true;
    }

    private boolean countLine() {
        long n = Numbers.parseLong(line, 1, lineLength - 1);
        return count(n);
    }

    /** A multibulk count line read ({@code n} as parsed; {@link Numbers#INVALID} if not a number). */
    private boolean count(long n) {
        if (n == Numbers.INVALID || n > Integer.MAX_VALUE) {
            return fail("invalid multibulk length");
        }
        if (n > UNAUTHENTICATED_MAX_ARGS && authRequired.getAsBoolean()) {
            return fail("unauthenticated multibulk length");
        }
        if (n <= 0) {
            state = State.TYPE;
            return true;
        }
        remainingArgs = n;
        args = new ArrayList<>((int) Math.min(n, 1024));
        held = 0;
        lineLength = 0;
        state = State.BULK_LINE;
        return true;
    }

    private boolean bulkLine() {
        if (lineLength == 0 || line[0] != '$') {
            byte got = lineLength == 0 ? (byte) '\r' : line[0];
            return fail("expected '$', got '" + (char) (got & 0xff) + "'");
        }
        long n = Numbers.parseLong(line, 1, lineLength - 1);
        if (n == Numbers.INVALID || n < 0 || n > maxBulk) {
            return fail("invalid bulk length");
        }
        if (n > UNAUTHENTICATED_MAX_BULK && authRequired.getAsBoolean()) {
            return fail("unauthenticated bulk length");
        }
        bulkLength = (int) n;
        bulkFilled = 0;
        bulk = new byte[Math.min(bulkLength, PREALLOCATE_BULK)];
        state = State.BULK_DATA;
        if (bulkLength == 0) {
            args.add(bulk);
            bulk = null;
            endSkip = 2;
            state = State.BULK_END;
        }
        return true;
    }

    private boolean inline() {
        int length = lineLength;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        List<byte[]> split = InlineSplitter.split(line, 0, length);
        if (split == null) {
            return fail("unbalanced quotes in request");
        }
        args = split;
        state = State.TYPE;
        return true;
    }

    /** Hands a complete command over; returns what the listener says. */
    private boolean finish() {
        List<byte[]> command = args;
        args = List.of();
        held = 0;
        return listener.command(command);
    }

    private void checkHeld() {
        long total = held + lineLength + (state == State.BULK_DATA ? bulkFilled : 0);
        if (total > queryBufferLimit && state != State.FAILED) {
            state = State.FAILED;
            listener.queryBufferExceeded(total);
        }
    }

    private boolean fail(String message) {
        state = State.FAILED;
        args = List.of();
        bulk = null;
        listener.protocolError("Protocol error: " + message);
        return false;
    }
}
