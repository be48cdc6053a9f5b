package io.wharf.http.server;

import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.http.HttpHeaders;
import io.wharf.http.HttpRequest;
import io.wharf.http.HttpVersion;
import io.wharf.http.codec.HttpError;
import io.wharf.http.codec.RequestParser;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One HTTP connection: feeds bytes to the parser, answers each request in arrival order (pipelining),
 * and keeps the connection's life: keep-alive or close, {@code keepalive_requests}, and the header, body
 * and keep-alive timeouts as connection deadlines (no thread waits for a slow client).
 *
 * <p>Order and flow: a request is answered when it ends, before the parser may report the next one. Two
 * things pause the parser, and with it the pipelined requests behind (see {@link Hold}): an answer whose
 * slow step is off the loop ({@link Exchange#offload}), which also pauses reading; and queued output above
 * the high watermark ({@link Connection#writable}), which the core answers by reading nothing. Input that
 * arrives meanwhile is kept by the parser, so order holds even where the core keeps delivering it.
 *
 * <p>Threading: a {@link Handler}: called by one thread at a time; so is {@link #resumed}, which the core
 * runs on the connection's thread (an offloaded step's result, serialised with the callbacks).
 */
final class HttpConnection implements Handler, RequestParser.Listener, Exchange.Owner {

    private static final long DRAIN_GRACE_MILLIS = 1_000;
    private static final java.time.Duration DRAIN_GRACE = java.time.Duration.ofMillis(DRAIN_GRACE_MILLIS);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Why the parser is paused, if it is. */
    private enum Hold {
        /** Not paused: requests are answered as they end. */
        NONE,
        /** An answer is off the loop; reading is paused too, and later requests wait behind it. */
        OFFLOADED,
        /** The client is not reading what we write: waiting for {@code onWritabilityChanged(true)}. */
        OUTPUT
    }

    private final HttpEndpoint service;
    private final RequestParser parser;
    private Connection connection;
    private HttpRequest current;
    /** The current request is answered already (at its head) and its body only needs discarding. */
    private boolean answered;
    private boolean idle = true;
    /**
     * Between requests with nothing held: what a drain may close at once. Written on the connection's thread,
     * read by the drain's ({@link KeepAliveConnections#closeIdle}).
     */
    private volatile boolean waiting;
    private boolean closing;
    private int served;
    private Hold hold = Hold.NONE;
    /** A parse error met while an answer was off the loop: answered after it, in order. */
    private HttpError deferredError;
    /** The exchange whose step is offloaded now, if any: told on close that it will not be answered. */
    private Exchange offloaded;
    /** Inside {@code parser.feed} or {@code resume}, which must not be re-entered. */
    private boolean parsing;
    /** A 101 is written: the connection goes to this handler once the parser has let go of the input. */
    private Handler switchTo;
    /** The connection belongs to another protocol now: this handler does nothing more. */
    private boolean switched;

    HttpConnection(HttpEndpoint service) {
        this.service = service;
        this.parser = new RequestParser(service.parserLimits());
    }

    @Override
    public void onOpen(Connection c) {
        connection = c;
        c.deadline(service.timeouts().header(), CloseReason.HEADER_TIMEOUT);
        idle = false;
        waiting = true;
        service.connections().opened(this);
    }

    @Override
    public void onClose(Connection c) {
        waiting = false;
        if (offloaded != null) {
            service.abandoned(offloaded);
            offloaded = null;
        }
        service.connections().closed(this);
    }

    /**
     * A drain began: a connection waiting for its next request gets {@value #DRAIN_GRACE_MILLIS} ms more, then is
     * closed; one in a request, or whose next request comes within that time, gets {@code Connection: close} on
     * its response. The grace is what lets a busy keep-alive client move without losing a request (a close
     * that crosses its next request would), while an idle one does not hold the drain for its keep-alive timeout.
     */
    void closeIfWaiting() {
        if (waiting && connection.draining()) {
            connection.deadline(DRAIN_GRACE, CloseReason.SERVER_STOPPING);
        }
    }

    @Override
    public void onData(Connection c, ByteBuffer data) {
        waiting = false;
        if (closing) {
            data.position(data.limit());
            return;
        }
        if (idle) {
            idle = false;
            c.deadline(service.timeouts().header(), CloseReason.HEADER_TIMEOUT);
        }
        parsing = true;
        try {
            parser.feed(data, this); // consumes all: kept by the parser while it is paused
        } finally {
            parsing = false;
        }
        if (switchNow()) {
            return;
        }
        unblock();
        settled();
    }

    /** Marks the connection as waiting for a request when nothing is in progress or held. */
    private void settled() {
        waiting = hold == Hold.NONE && !closing && parser.idle();
    }

    @Override
    public void onWritabilityChanged(Connection c, boolean writable) {
        if (writable && !parsing && !switched) { // inside the parser, the caller checks once it is out
            unblock();
        }
    }

    @Override
    public boolean request(HttpRequest head) {
        if (closing) {
            return true; // answered at an earlier head: the rest is dropped
        }
        current = head;
        answered = false;
        if (!head.hasBody()) {
            connection.clearDeadline();
            return true;
        }
        connection.deadline(service.timeouts().body(), CloseReason.BODY_TIMEOUT);
        String expect = head.headers().get("Expect");
        if (expect != null) {
            if (!expect.equalsIgnoreCase("100-continue")) {
                answerNow(head, 417);
            } else if (service.wantsBody(head)) {
                connection.write(ByteBuffer.wrap(CONTINUE));
            } else {
                answerNow(head, -1);
            }
        }
        return true;
    }

    @Override
    public void body(ByteBuffer chunk) {
        chunk.position(chunk.limit()); // a static server takes no uploads: bodies are read and dropped
    }

    @Override
    public void requestEnd() {
        HttpRequest request = current;
        current = null;
        if (closing) {
            return;
        }
        if (!answered) {
            served++;
            boolean keepAlive = request.keepAlive() && served < service.timeouts().keepAliveRequests()
                    && !connection.draining();
            Exchange exchange = new Exchange(connection, this, request, keepAlive);
            if (!service.handle(exchange)) {
                offloaded = exchange;
                hold = Hold.OFFLOADED; // answered in resumed(); nothing after it goes first
                parser.pause();
                connection.pauseReading();
                return;
            }
            if (exchange.switched() != null) {
                switchTo = exchange.switched(); // once the parser returns, with what it read past this request
                parser.pause();
                return;
            }
            if (!keepAlive) {
                close();
                return;
            }
        }
        nextRequest();
    }

    /** An offloaded step is back: carries on with its exchange, then with the requests held behind it. */
    @Override
    public void resumed(Exchange exchange, Consumer<Exchange> step) {
        if (!service.run(exchange, step)) {
            return; // another step went off the loop
        }
        offloaded = null;
        hold = Hold.NONE;
        if (exchange.switched() != null) {
            switchTo = exchange.switched();
            connection.resumeReading(); // paused for the offload; the next protocol reads on
            switchNow();
            return;
        }
        if (closing || !exchange.keepAlive()) {
            close();
            return;
        }
        if (deferredError != null) {
            error(deferredError);
            return;
        }
        nextRequest();
        if (hold == Hold.NONE) {
            resumeParser();
        }
        unblock();
        if (hold != Hold.OFFLOADED) {
            connection.resumeReading(); // under OUTPUT the core holds reading paused by itself
        }
        settled();
    }

    /**
     * A response is written: waits for the next request, or, when the client is not reading what we write,
     * stops answering pipelined ones until it does. No keep-alive deadline then: {@code write_timeout} is
     * what ends a client that stops reading.
     */
    private void nextRequest() {
        idle = true;
        if (connection.writable()) {
            connection.deadline(service.timeouts().keepAlive(), CloseReason.KEEPALIVE_TIMEOUT);
        } else {
            hold = Hold.OUTPUT;
            parser.pause();
            connection.clearDeadline();
        }
    }

    /** Output has room again: answers the requests held meanwhile, until they run out or output fills up. */
    private void unblock() {
        while (hold == Hold.OUTPUT && !closing && connection.writable()) {
            hold = Hold.NONE;
            connection.deadline(service.timeouts().keepAlive(), CloseReason.KEEPALIVE_TIMEOUT);
            resumeParser();
        }
    }

    private void resumeParser() {
        parsing = true;
        try {
            parser.resume(this);
        } finally {
            parsing = false;
        }
        switchNow();
    }

    /**
     * After a 101: hands the connection to the next protocol with the bytes the parser kept past the request.
     * This handler leaves the drain's set now, since it hears nothing more (not even {@code onClose}), and
     * clears its timeout, which the next protocol replaces with its own. True if it switched.
     */
    private boolean switchNow() {
        if (switchTo == null) {
            return switched;
        }
        Handler next = switchTo;
        switchTo = null;
        switched = true;
        closing = true;
        waiting = false;
        ByteBuffer rest = parser.detach();
        service.connections().closed(this);
        connection.clearDeadline();
        connection.upgrade(next, rest);
        return true;
    }

    /**
     * Answers at the head, before the body (an unwanted 100-continue body, a bad expectation): the final
     * response goes out now with Connection: close, and the connection closes once it is sent (once it is
     * written, if a step of it went off the loop).
     */
    private void answerNow(HttpRequest head, int status) {
        answered = true;
        closing = true;
        Exchange exchange = new Exchange(connection, this, head, false);
        if (status >= 0) {
            service.error(exchange, status, "expectation not supported");
        } else if (!service.handle(exchange)) {
            offloaded = exchange;
            hold = Hold.OFFLOADED;
            return;
        }
        close();
    }

    @Override
    public void error(HttpError e) {
        if (closing) {
            return; // answered already; the connection closes once that answer is out
        }
        if (hold == Hold.OFFLOADED) {
            deferredError = e;
            return;
        }
        deferredError = null;
        HttpRequest head = current != null ? current
                : new HttpRequest("-", "-", HttpVersion.HTTP_1_1, new HttpHeaders(), -1, false);
        service.error(new Exchange(connection, this, head, false), e.status(), e.reason());
        closing = true;
        connection.close(CloseReason.PROTOCOL_ERROR); // lingers: the client may be sending still
    }

    /**
     * Closes once the answers are out. When input is left unread (a body answered at its head, pipelined bytes
     * behind a {@code Connection: close}), the close lingers, so the client reads the answer and not a reset.
     */
    private void close() {
        closing = true;
        boolean unread = current != null || !parser.idle();
        connection.close(unread ? CloseReason.UNREAD_INPUT : CloseReason.SERVER_CLOSED);
    }
}
