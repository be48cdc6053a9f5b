package io.wharf.http.server;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.http.HttpHeaders;
import io.wharf.http.HttpRequest;
import io.wharf.http.HttpVersion;
import io.wharf.http.codec.HttpError;
import io.wharf.http.codec.RequestParser;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP connection: feeds bytes to the parser, answers each request in arrival order (pipelining),
 * and keeps the connection's life: keep-alive or close, {@code keepalive_requests}, and the header, body
 * and keep-alive timeouts as connection deadlines (no thread waits for a slow client).
 *
 * <p>Threading: a {@link Handler}: called by one thread at a time; requests are answered synchronously on
 * that thread, which is what keeps pipelined responses in order.
 */
final class HttpConnection implements Handler, RequestParser.Listener {

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpEndpoint service;
    private final RequestParser parser;
    private Connection connection;
    private HttpRequest current;
    /** The current request is answered already (at its head) and its body only needs discarding. */
    private boolean answered;
    private boolean idle = true;
    private boolean closing;
    private int served;

    HttpConnection(HttpEndpoint service) {
        this.service = service;
        this.parser = new RequestParser(service.parserLimits());
    }

    @Override
    public void onOpen(Connection c) {
        connection = c;
        c.deadline(service.timeouts().header(), "request header timeout");
        idle = false;
    }

    @Override
    public void onData(Connection c, ByteBuffer data) {
        if (closing) {
            data.position(data.limit());
            return;
        }
        if (idle) {
            idle = false;
            c.deadline(service.timeouts().header(), "request header timeout");
        }
        parser.feed(data, this);
    }

    @Override
    public boolean request(HttpRequest head) {
        current = head;
        answered = false;
        if (!head.hasBody()) {
            connection.clearDeadline();
            return true;
        }
        connection.deadline(service.timeouts().body(), "request body timeout");
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
            Exchange exchange = new Exchange(connection, request, keepAlive);
            service.handle(exchange);
            if (!keepAlive) {
                close();
                return;
            }
        }
        idle = true;
        connection.deadline(service.timeouts().keepAlive(), "keep-alive timeout");
    }

    /**
     * Answers at the head, before the body (an unwanted 100-continue body, a bad expectation): the final
     * response goes out now with Connection: close, and the connection closes once it is sent.
     */
    private void answerNow(HttpRequest head, int status) {
        answered = true;
        Exchange exchange = new Exchange(connection, head, false);
        if (status < 0) {
            service.handle(exchange);
        } else {
            service.error(exchange, status, "expectation not supported");
        }
        close();
    }

    @Override
    public void error(HttpError e) {
        HttpRequest head = current != null ? current
                : new HttpRequest("-", "-", HttpVersion.HTTP_1_1, new HttpHeaders(), -1, false);
        service.error(new Exchange(connection, head, false), e.status(), e.reason());
        close();
    }

    private void close() {
        closing = true;
        connection.close();
    }
}
