package io.wharf.load;

import static io.wharf.load.HttpBytes.control;
import static io.wharf.load.HttpBytes.digit;
import static io.wharf.load.HttpBytes.hex;

import java.nio.ByteBuffer;

/**
 * An incremental HTTP/1.x response parser for the load generator: status line, header fields, then a body framed
 * by Content-Length, chunked transfer coding, or the connection's close. It keeps only counters and two small
 * arrays, so ten thousand of them cost little, and it allocates nothing while parsing. The head is read one byte at
 * a time through an explicit state machine; body bytes are skipped in bulk. It reads what a load test needs
 * (status, framing, Connection) and checks the syntax it reads; other fields are skipped.
 *
 * <p>Threading: one load thread; {@link #reset} before each response.
 */
final class HttpResponseParser {

    private static final int MAX_HEAD = 64 * 1024;
    private static final byte[] VERSION = "HTTP/1.".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private enum State {
        VERSION, MINOR, SP, CODE, AFTER_CODE, REASON, LF, NAME_START, NAME, VALUE_OWS, VALUE,
        BODY, CHUNK_SIZE, CHUNK_EXT, CHUNK_DATA, CHUNK_CR, TRAILER_START, TRAILER, UNTIL_CLOSE, DONE
    }

    /** Head bytes copied out of the reply buffer, a run at a time. */
    private final byte[] scratch = new byte[512];
    private final HttpFraming framing = new HttpFraming();
    private State state;
    private State afterLf;
    private int headBytes;
    private int matched;
    private int minor;
    private int status;
    private int codeDigits;
    private long remaining;
    private boolean sizeDigits;

    /** The requests are HEADs: a reply ends with its head, whatever its Content-Length says (RFC 9110 9.3.2). */
    private final boolean noBody;

    HttpResponseParser() {
        this(false);
    }

    HttpResponseParser(boolean noBody) {
        this.noBody = noBody;
        reset();
    }

    void reset() {
        startHead();
        remaining = 0;
    }

    private void startHead() {
        state = State.VERSION;
        headBytes = 0;
        matched = 0;
        status = 0;
        codeDigits = 0;
        framing.reset();
    }

    /** The HTTP status of the response being read, 0 before its status line. */
    int status() {
        return status;
    }

    /** True once the head says the body runs until the server closes the connection. */
    boolean bodyEndsAtClose() {
        return state == State.UNTIL_CLOSE;
    }

    /** Consumes bytes of one response from {@code in}; stops right after its last byte. */
    Exchange.Reply parse(ByteBuffer in) {
        while (in.hasRemaining()) {
            switch (state) {
                case BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(in.remaining(), remaining);
                    in.position(in.position() + n);
                    remaining -= n;
                    if (remaining == 0) {
                        if (state == State.BODY) {
                            return finish();
                        }
                        state = State.CHUNK_CR;
                    }
                }
                case UNTIL_CLOSE -> in.position(in.limit());
                case DONE -> {
                    return finish();
                }
                default -> {
                    if (!head(in)) {
                        return Exchange.Reply.PROTOCOL_ERROR;
                    }
                    if (state == State.DONE) {
                        return finish();
                    }
                }
            }
        }
        return state == State.DONE ? finish() : Exchange.Reply.INCOMPLETE;
    }

    /**
     * Steps through head (or chunk framing) bytes copied out in bulk, one {@code get} per run instead of per
     * byte, and leaves {@code in} just past the last byte stepped: where a body starts, or the response ends.
     */
    private boolean head(ByteBuffer in) {
        int start = in.position();
        int n = Math.min(in.remaining(), scratch.length);
        in.get(scratch, 0, n);
        int i = 0;
        while (i < n) {
            if (!step(scratch[i++])) {
                return false;
            }
            if (state == State.BODY || state == State.CHUNK_DATA || state == State.UNTIL_CLOSE
                    || state == State.DONE) {
                break;
            }
        }
        in.position(start + i);
        return true;
    }

    private Exchange.Reply finish() {
        state = State.DONE;
        if (status < 200 || status > 399) {
            return Exchange.Reply.WRONG_REPLY;
        }
        boolean reusable = !framing.close() && (minor >= 1 || framing.keepAlive());
        return reusable ? Exchange.Reply.COMPLETE : Exchange.Reply.COMPLETE_CLOSE;
    }

    /** One byte of the head, a chunk-size line or the trailers; false on a syntax error. */
    private boolean step(byte b) {
        if (++headBytes > MAX_HEAD) {
            return false;
        }
        switch (state) {
            case VERSION -> {
                if (b != VERSION[matched++]) {
                    return false;
                }
                if (matched == VERSION.length) {
                    state = State.MINOR;
                }
            }
            case MINOR -> {
                if (!digit(b)) {
                    return false;
                }
                minor = b - '0';
                state = State.SP;
            }
            case SP -> {
                if (b != ' ') {
                    return false;
                }
                state = State.CODE;
            }
            case CODE -> {
                if (!digit(b)) {
                    return false;
                }
                status = status * 10 + (b - '0');
                if (++codeDigits == 3) {
                    state = State.AFTER_CODE;
                }
            }
            case AFTER_CODE -> {
                if (b == '\r') {
                    expectLf(State.NAME_START);
                } else if (b == ' ') {
                    state = State.REASON;
                } else {
                    return false;
                }
            }
            case REASON -> {
                if (b == '\r') {
                    expectLf(State.NAME_START);
                } else if (control(b)) {
                    return false;
                }
            }
            case LF -> {
                if (b != '\n') {
                    return false;
                }
                // BODY after a line feed marks the empty line that ends the head: framing decides what follows
                return afterLf == State.BODY ? endOfHead() : enter(afterLf);
            }
            case NAME_START -> {
                if (b == '\r') {
                    expectLf(State.BODY);
                    return true;
                }
                framing.startName();
                state = State.NAME;
                return nameByte(b);
            }
            case NAME -> {
                return nameByte(b);
            }
            case VALUE_OWS -> {
                if (b != ' ' && b != '\t') {
                    state = State.VALUE;
                    return valueByte(b);
                }
            }
            case VALUE -> {
                return valueByte(b);
            }
            case CHUNK_SIZE -> {
                int h = hex(b);
                if (h >= 0) {
                    if (remaining > (Long.MAX_VALUE >>> 4)) {
                        return false;
                    }
                    remaining = (remaining << 4) | h;
                    sizeDigits = true;
                } else if (!sizeDigits) {
                    return false;
                } else if (b == '\r') {
                    expectLf(remaining == 0 ? State.TRAILER_START : State.CHUNK_DATA);
                } else if (b == ';' || b == ' ' || b == '\t') {
                    state = State.CHUNK_EXT;
                } else {
                    return false;
                }
            }
            case CHUNK_EXT -> {
                if (b == '\r') {
                    expectLf(remaining == 0 ? State.TRAILER_START : State.CHUNK_DATA);
                } else if (control(b)) {
                    return false;
                }
            }
            case CHUNK_CR -> {
                if (b != '\r') {
                    return false;
                }
                expectLf(State.CHUNK_SIZE);
            }
            case TRAILER_START -> {
                if (b == '\r') {
                    expectLf(State.DONE);
                } else if (control(b)) {
                    return false;
                } else {
                    state = State.TRAILER;
                }
            }
            case TRAILER -> {
                if (b == '\r') {
                    expectLf(State.TRAILER_START);
                } else if (control(b)) {
                    return false;
                }
            }
            default -> throw new IllegalStateException("not a head state: " + state);
        }
        return true;
    }

    private void expectLf(State next) {
        afterLf = next;
        state = State.LF;
    }

    private boolean enter(State next) {
        state = next;
        if (next == State.CHUNK_SIZE) {
            headBytes = 0; // the limit is per line group, not per body
            remaining = 0;
            sizeDigits = false;
        }
        return true;
    }

    private boolean nameByte(byte b) {
        if (b != ':') {
            return framing.nameByte(b);
        }
        state = State.VALUE_OWS;
        return framing.endName();
    }

    private boolean valueByte(byte b) {
        if (b != '\r') {
            return framing.valueByte(b);
        }
        expectLf(State.NAME_START);
        return framing.endValue();
    }

    private boolean endOfHead() {
        if (status >= 100 && status < 200 && status != 101) {
            startHead(); // an interim response: the real one follows
            return true;
        }
        if (noBody || status == 204 || status == 304 || status < 200) {
            state = State.DONE;
        } else if (framing.chunked()) {
            enter(State.CHUNK_SIZE);
        } else if (framing.contentLength() == 0) {
            state = State.DONE;
        } else if (framing.contentLength() > 0) {
            remaining = framing.contentLength();
            state = State.BODY;
        } else {
            framing.closeAtEnd();
            state = State.UNTIL_CLOSE;
        }
        return true;
    }
}
