package io.wharf.http.codec;

import io.wharf.http.HttpRequest;
import java.nio.ByteBuffer;

/**
 * An incremental HTTP/1.1 request parser (RFC 9112): feed it whatever arrived, split anywhere, and it calls
 * back for each request head, its body bytes and its end, resuming mid-line or mid-chunk on the next buffer.
 * Pipelined requests in one buffer are reported one after the other.
 *
 * <p>Strict, because a connection that reads a message differently from a proxy in front of it can be made to
 * serve a smuggled request: lines must end in CRLF (a bare CR or bare LF is an error), no obs-fold, no space
 * before a colon, exactly one Host on HTTP/1.1, a Content-Length of digits only and never two differing ones,
 * Transfer-Encoding only as "chunked" last, only on HTTP/1.1 and never alongside Content-Length. A malformed
 * request ends in {@link Listener#error}, after which the parser is dead: it ignores all further input, and
 * the caller answers with the error's status and closes the connection.
 *
 * <p>Memory is bounded by the {@link ParserLimits}: a line in progress is held in a buffer of at most the
 * largest line limit; body bytes are passed through as slices of the input, never accumulated. Trailer fields
 * of a chunked body are checked and dropped. Up to {@value #MAX_LEADING_EMPTY_LINES} empty lines before a
 * request line are ignored (RFC 9112 section 2.2); a chunk-size line, extensions included, may hold
 * {@value #MAX_CHUNK_SIZE_LINE} bytes.
 *
 * <p>Pausing: {@link Listener#request} returns false to stop right after that head, e.g. to decide on
 * {@code Expect: 100-continue} or to finish the response before starting on a pipelined request; or a callback
 * calls {@link #pause} to stop once it returns, e.g. from {@link Listener#requestEnd} when the answer is not
 * written yet. Nothing more is reported until {@link #resume}; input fed meanwhile is kept, up to
 * {@value #MAX_PAUSED_BYTES} bytes, past which the request fails with 503 (a client has no business sending
 * that much ahead).
 *
 * <p>Threading: not thread-safe. One parser per connection, called from the connection's handler thread.
 * Callbacks run on the thread that calls {@link #feed} or {@link #resume}, which must not be called from
 * inside a callback. An exception thrown by a callback propagates and leaves the parser unusable.
 */
public final class RequestParser {

    /** Receives what the parser finds, on the thread that feeds it. */
    public interface Listener {

        /**
         * A request head is complete and valid. Its body, if any, follows.
         *
         * @return true to carry on parsing; false to pause until {@link RequestParser#resume}
         */
        boolean request(HttpRequest head);

        /** Body bytes, de-chunked. The buffer is only valid during this call. */
        void body(ByteBuffer chunk);

        /** The request, body included, is complete. */
        void requestEnd();

        /** The request is malformed; nothing more will be reported. */
        void error(HttpError error);
    }

    static final int MAX_LEADING_EMPTY_LINES = 16;
    static final int MAX_CHUNK_SIZE_LINE = 4096;
    static final int MAX_PAUSED_BYTES = 64 * 1024;

    private enum State {
        REQUEST_LINE,
        HEADERS,
        /** Content-Length body; {@code remaining} bytes to go (maybe 0: the end is still to be reported). */
        BODY_FIXED,
        CHUNK_SIZE,
        CHUNK_DATA,
        /** The CRLF after a chunk's data; {@code crSeen} once its CR has arrived. */
        CHUNK_DATA_CRLF,
        CHUNK_TRAILERS,
        FAILED
    }

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final ParserLimits limits;
    private final LineReader lines;
    private final HeadParser head;
    private State state = State.REQUEST_LINE;
    private int emptyLines;
    private long remaining;
    private long bodyTotal;
    private boolean crSeen;
    private boolean paused;
    /** Input that arrived while paused, in write mode; null when there is none. */
    private ByteBuffer held;

    public RequestParser(ParserLimits limits) {
        this.limits = limits;
        this.lines = new LineReader(Math.max(MAX_CHUNK_SIZE_LINE,
                Math.max(limits.maxRequestLine(), limits.maxHeaderField())));
        this.head = new HeadParser(limits);
    }

    public RequestParser() {
        this(ParserLimits.DEFAULTS);
    }

    /**
     * Consumes every remaining byte of {@code in}, calling back as requests complete; copies what it must keep,
     * so the caller may reuse {@code in} once this returns. When dead it drops the bytes; when paused it keeps
     * them for {@link #resume}.
     */
    public void feed(ByteBuffer in, Listener listener) {
        if (state == State.FAILED) {
            in.position(in.limit());
        } else if (paused) {
            hold(in, listener);
        } else {
            run(in, listener);
            if (paused && in.hasRemaining()) {
                hold(in, listener);
            }
        }
    }

    /**
     * Stops once the callback that calls this returns, as if {@link Listener#request} had returned false: input
     * left in the buffer being fed, and any fed later, is kept for {@link #resume}. Meant to be called from a
     * callback; does nothing once the parser has failed.
     */
    public void pause() {
        if (state != State.FAILED) {
            paused = true;
        }
    }

    /** True after {@link Listener#request} returned false or {@link #pause}, until {@link #resume}. */
    public boolean isPaused() {
        return paused;
    }

    /**
     * Ends parsing for good and hands over the input kept since the pause, ready to read (empty when none): the
     * connection is switching protocols ({@code 101}) and those bytes are the next protocol's. Call while paused
     * after a request's end; the parser ignores all input from then on.
     */
    public ByteBuffer detach() {
        ByteBuffer rest = held == null ? ByteBuffer.allocate(0) : held.flip();
        held = null;
        paused = false;
        state = State.FAILED;
        return rest;
    }

    /** Carries on after a pause, first with the input kept meanwhile. Does nothing unless paused. */
    public void resume(Listener listener) {
        if (!paused) {
            return;
        }
        paused = false;
        ByteBuffer kept = held;
        held = null;
        if (kept == null) {
            run(NOTHING, listener);
            return;
        }
        kept.flip();
        run(kept, listener);
        if (paused && kept.hasRemaining()) {
            held = kept.compact();
        }
    }

    /** True between requests: no byte of a next request has arrived (empty lines aside). */
    public boolean idle() {
        return state == State.REQUEST_LINE && !lines.holding() && held == null;
    }

    /** True once a request was found malformed; the parser then ignores all input. */
    public boolean failed() {
        return state == State.FAILED;
    }

    /** Bytes of buffer this parser holds, for tests of bounded memory. */
    int retainedBytes() {
        return lines.capacity() + (held == null ? 0 : held.capacity());
    }

    private void run(ByteBuffer in, Listener listener) {
        try {
            while (!paused && step(in, listener)) {
                // each step consumes input or moves to a state that will
            }
        } catch (Refusal refusal) {
            in.position(in.limit());
            fail(refusal.error, listener);
        }
    }

    /** One move of the state machine; false when it needs more input (or is dead). */
    private boolean step(ByteBuffer in, Listener listener) {
        switch (state) {
            case REQUEST_LINE -> {
                ByteBuffer line = lines.read(in, limits.maxRequestLine(), 414, "request line");
                if (line == null) {
                    return false;
                }
                if (line.limit() == 0) {
                    if (++emptyLines > MAX_LEADING_EMPTY_LINES) {
                        throw Refusal.bad("too many empty lines before the request line");
                    }
                } else {
                    head.requestLine(line);
                    state = State.HEADERS;
                }
            }
            case HEADERS -> {
                ByteBuffer line = lines.read(in, limits.maxHeaderField(), 431, "header field");
                if (line == null) {
                    return false;
                }
                if (head.field(line)) {
                    headComplete(listener);
                }
            }
            case BODY_FIXED -> {
                if (remaining == 0) {
                    end(listener);
                } else if (!in.hasRemaining()) {
                    return false;
                } else {
                    deliver(in, listener);
                }
            }
            case CHUNK_SIZE -> {
                ByteBuffer line = lines.read(in, MAX_CHUNK_SIZE_LINE, 400, "chunk size line");
                if (line == null) {
                    return false;
                }
                chunk(ChunkSizeLine.parse(line));
            }
            case CHUNK_DATA -> {
                if (!in.hasRemaining()) {
                    return false;
                }
                deliver(in, listener);
                if (remaining == 0) {
                    state = State.CHUNK_DATA_CRLF;
                }
            }
            case CHUNK_DATA_CRLF -> {
                if (!in.hasRemaining()) {
                    return false;
                }
                byte b = in.get();
                if (b != (crSeen ? '\n' : '\r')) {
                    throw Refusal.bad("chunk data not followed by CRLF");
                }
                crSeen = !crSeen;
                if (!crSeen) {
                    state = State.CHUNK_SIZE;
                }
            }
            case CHUNK_TRAILERS -> {
                ByteBuffer line = lines.read(in, limits.maxHeaderField(), 431, "trailer field");
                if (line == null) {
                    return false;
                }
                if (head.trailer(line)) {
                    end(listener);
                }
            }
            case FAILED -> {
                in.position(in.limit());
                return false;
            }
        }
        return true;
    }

    private void headComplete(Listener listener) {
        HttpRequest request = head.finish();
        emptyLines = 0;
        if (request.chunked()) {
            bodyTotal = 0;
            state = State.CHUNK_SIZE;
        } else {
            remaining = Math.max(0, request.contentLength());
            state = State.BODY_FIXED;
        }
        paused = !listener.request(request);
    }

    private void chunk(long size) {
        if (size == 0) {
            state = State.CHUNK_TRAILERS;
        } else if (size > limits.maxBody() - bodyTotal) {
            throw new Refusal(413, "body larger than " + limits.maxBody() + " bytes");
        } else {
            bodyTotal += size;
            remaining = size;
            state = State.CHUNK_DATA;
        }
    }

    private void deliver(ByteBuffer in, Listener listener) {
        int n = (int) Math.min(remaining, in.remaining());
        int at = in.position();
        ByteBuffer chunk = in.slice(at, n);
        in.position(at + n);
        remaining -= n;
        listener.body(chunk);
    }

    private void end(Listener listener) {
        state = State.REQUEST_LINE;
        head.reset();
        lines.trim();
        listener.requestEnd();
    }

    private void hold(ByteBuffer in, Listener listener) {
        int kept = held == null ? 0 : held.position();
        if (in.remaining() > MAX_PAUSED_BYTES - kept) {
            in.position(in.limit());
            fail(new HttpError(503, "too much input while paused"), listener);
            return;
        }
        if (held == null || held.remaining() < in.remaining()) {
            int capacity = Math.min(MAX_PAUSED_BYTES, Math.max(kept + in.remaining(), kept * 2));
            ByteBuffer bigger = ByteBuffer.allocate(capacity);
            if (held != null) {
                bigger.put(held.flip());
            }
            held = bigger;
        }
        held.put(in);
    }

    private void fail(HttpError error, Listener listener) {
        state = State.FAILED;
        paused = false;
        held = null;
        listener.error(error);
    }
}
