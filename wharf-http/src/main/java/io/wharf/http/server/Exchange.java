package io.wharf.http.server;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.http.HttpHeaders;
import io.wharf.http.HttpRequest;
import io.wharf.http.HttpStatus;
import io.wharf.http.HttpVersion;
import io.wharf.http.codec.ChunkedEncoder;
import io.wharf.http.codec.HttpDate;
import io.wharf.http.codec.ResponseHead;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One request and its response: frames the response (status line, Date, Server, Connection,
 * Content-Length or chunked) and writes it to the connection. A step of the answer that blocks (a password
 * hash, a gzip, a disk read) goes through {@link #offload}; the exchange is then {@link #pending} until its
 * result has come back and been written.
 *
 * <p>Threading: used by the connection's handler thread only, for the duration of one request; offloaded
 * work never touches it.
 */
final class Exchange {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Exchange.class);

    /** The connection that carries on with an exchange once an offloaded step's result is back. */
    interface Owner {

        /**
         * On the connection's thread, in place of a handler callback: runs {@code step} as the exchange's next
         * step, and moves on to the next request once that answered it.
         */
        void resumed(Exchange exchange, Consumer<Exchange> step);
    }

    private static final int CHUNK = 16 * 1024;
    private static final ResponseHead.Fields SERVER = ResponseHead.encodeFields("Server", "wharf");
    private static final ResponseHead.Fields CLOSE = ResponseHead.encodeFields("Connection", "close");
    private static final ResponseHead.Fields KEEP_ALIVE = ResponseHead.encodeFields("Connection", "keep-alive");
    /** Bodies up to this size are copied behind the head so the response leaves in one write. */
    private static final int COALESCE_LIMIT = 16 * 1024;

    private final Connection connection;
    private final Owner owner;
    private final HttpRequest request;
    private final boolean keepAlive;
    private final long startNanos = System.nanoTime();
    private int status;
    private long bodyBytes;
    private String user;
    /** Fields the service adds to every response of this exchange (Strict-Transport-Security); null for none. */
    private ResponseHead.Fields always;
    /** An offloaded step's result is not back yet: nothing is written meanwhile. */
    private boolean pending;
    /** The handler the connection switches to once this 101 is written; null for any other answer. */
    private Handler switched;
    /** The request's server span; null when tracing is off, or once it ended. */
    private io.opentelemetry.api.trace.Span span;
    /** The service's spans, for offloaded steps; null when tracing is off. */
    private HttpSpans spans;

    Exchange(Connection connection, Owner owner, HttpRequest request, boolean keepAlive) {
        this.connection = connection;
        this.owner = owner;
        this.request = request;
        this.keepAlive = keepAlive;
    }

    /**
     * Runs {@code work} where blocking is harmless ({@link Connection#offload}: the reactor's worker pool, inline
     * elsewhere), then {@code then} with its result as this exchange's next step, on the connection's thread.
     * The calling step returns at once and writes nothing more. {@code work} must not touch the exchange nor
     * return anything that needs closing ({@link OffloadedStep}). {@code what} names the step's span when tracing
     * ({@code gzip}, {@code auth}). Only for work that is really slow: a cache
     * hit stays synchronous.
     */
    <T> void offload(String what, Supplier<T> work, BiConsumer<Exchange, T> then) {
        OffloadedStep.start(this, span == null ? work : spans.offloaded(what, span, work), then);
    }

    /** The request's server span, or null (tracing off, or the span ended). */
    io.opentelemetry.api.trace.Span span() {
        return span;
    }

    void span(io.opentelemetry.api.trace.Span span) {
        this.span = span;
    }

    void spans(HttpSpans spans) {
        this.spans = spans;
    }

    /** True while an offloaded step's result is still to come. */
    boolean pending() {
        return pending;
    }

    void pending(boolean pending) {
        this.pending = pending;
    }

    Owner owner() {
        return owner;
    }

    HttpRequest request() {
        return request;
    }

    Connection connection() {
        return connection;
    }

    boolean head() {
        return request.method().equals("HEAD");
    }

    void user(String user) {
        this.user = user;
    }

    String user() {
        return user;
    }

    int status() {
        return status;
    }

    long bodyBytes() {
        return bodyBytes;
    }

    long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /**
     * {@code 101 Switching Protocols} with {@code headers}; the connection then hands itself to {@code next}
     * ({@link #switched}). An upgrade request with a body is refused (400): its body would be read as the
     * next protocol's bytes.
     */
    void switchProtocols(HttpHeaders headers, Handler next) {
        if (request.hasBody()) {
            sendError(400, "an upgrade request has no body");
            return;
        }
        status = 101;
        ResponseHead head = ResponseHead.of(HttpVersion.HTTP_1_1, 101).fields(dateField()).fields(SERVER);
        for (int i = 0; i < headers.size(); i++) {
            head.header(headers.name(i), headers.value(i));
        }
        connection.write(head.encode());
        switched = next;
    }

    /** The handler this exchange switched the connection to, or null. */
    Handler switched() {
        return switched;
    }

    /** A complete response with an in-memory body (may be empty). */
    void send(int status, HttpHeaders headers, byte[] body) {
        send(status, headers, ByteBuffer.wrap(body));
    }

    /** A complete response whose body is the remaining bytes of {@code body}, which are consumed. */
    void send(int status, HttpHeaders headers, ByteBuffer body) {
        if (!hasBody(status)) {
            writeHead(status, headers);
            return;
        }
        headers.set("Content-Length", Integer.toString(body.remaining()));
        write(head(status, headers), body);
    }

    /**
     * A 200 or other full response whose fields (Content-Length included) were encoded ahead, such as a cached
     * file's; the body is the remaining bytes of {@code body}, which are consumed.
     */
    void send(int status, ResponseHead.Fields fields, ByteBuffer body) {
        write(head(status, fields), body);
    }

    /** {@link #sendFile(int, HttpHeaders, FileChannel, long, long)} with fields encoded ahead. */
    void sendFile(int status, ResponseHead.Fields fields, FileChannel file, long position, long length) {
        writeFile(head(status, fields), file, position, length);
    }

    /** The head, then the body (none for HEAD): in the same write when it is small. */
    private void write(ResponseHead responseHead, ByteBuffer body) {
        if (head() || !body.hasRemaining()) {
            connection.write(responseHead.encode());
        } else if (body.remaining() <= COALESCE_LIMIT) {
            bodyBytes = body.remaining();
            connection.write(responseHead.encode(body)); // one write, one syscall
        } else {
            bodyBytes = body.remaining();
            connection.write(responseHead.encode());
            connection.write(body);
        }
    }

    /** The head, then {@code length} bytes of {@code file} zero-copy (none for HEAD); takes the file. */
    private void writeFile(ResponseHead responseHead, FileChannel file, long position, long length) {
        if (head() || length == 0) {
            connection.write(responseHead.encode());
            closeQuietly(file);
            return;
        }
        connection.cork(true); // head and file leave in full segments, like nginx's tcp_nopush
        connection.write(responseHead.encode());
        connection.sendFile(file, position, length);
        connection.cork(false);
        bodyBytes = length;
    }

    /** A short text response, e.g. an error page. */
    void sendText(int status, HttpHeaders headers, String text) {
        headers.set("Content-Type", "text/plain; charset=utf-8");
        send(status, headers, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A bug while answering: a 500 if nothing was sent yet, else the connection is dropped. */
    void failed(RuntimeException e) {
        log.error("{} {} failed: {}", request.method(), request.target(), e.toString(), e);
        if (status == 0 && !pending()) {
            sendText(500, new HttpHeaders(), "internal server error\n");
        } else {
            connection.abort(); // the head went out already (or may yet): the body cannot be trusted
        }
    }

    /** An error status with its reason phrase as the body; {@code why} goes to the debug log only. */
    void sendError(int status, String why) {
        log.debug("{} from {}: {}", status, connection.remoteAddress(), why);
        sendText(status, new HttpHeaders(), status + " " + HttpStatus.reason(status) + "\n");
    }

    /** A response whose body is {@code length} bytes of {@code file} from {@code position}, sent zero-copy. */
    void sendFile(int status, HttpHeaders headers, FileChannel file, long position, long length) {
        headers.set("Content-Length", Long.toString(length));
        writeFile(head(status, headers), file, position, length);
    }

    /** Starts a response with a body of parts written by the caller ({@link #part}); Content-Length given. */
    void startParts(int status, HttpHeaders headers, long contentLength) {
        headers.set("Content-Length", Long.toString(contentLength));
        writeHead(status, headers);
        if (!head()) {
            bodyBytes = contentLength;
        }
    }

    void part(byte[] bytes) {
        if (!head()) {
            connection.write(ByteBuffer.wrap(bytes));
        }
    }

    void part(FileChannel file, long position, long length) {
        if (head()) {
            closeQuietly(file);
        } else {
            connection.sendFile(file, position, length);
        }
    }

    /** A body of unknown length when it started (listing, compressed stream): chunked on 1.1. */
    void sendChunked(int status, HttpHeaders headers, byte[] body) {
        if (request.version() == HttpVersion.HTTP_1_0) {
            send(status, headers, body); // 1.0 has no chunked coding; the length is known by now
            return;
        }
        headers.set("Transfer-Encoding", "chunked");
        writeHead(status, headers);
        if (head()) {
            return;
        }
        for (int off = 0; off < body.length; off += CHUNK) {
            connection.write(ChunkedEncoder.chunk(ByteBuffer.wrap(body, off, Math.min(CHUNK, body.length - off))));
        }
        connection.write(ChunkedEncoder.last());
        bodyBytes = body.length;
    }

    private void writeHead(int status, HttpHeaders headers) {
        connection.write(head(status, headers).encode());
    }

    private ResponseHead head(int status, HttpHeaders headers) {
        ResponseHead head = framing(status);
        for (int i = 0; i < headers.size(); i++) {
            head.header(headers.name(i), headers.value(i));
        }
        return head;
    }

    private ResponseHead head(int status, ResponseHead.Fields fields) {
        return framing(status).fields(fields);
    }

    /**
     * The status line and the fields every response has: Date, Server, and Connection where needed. The
     * status line says {@code HTTP/1.1} whatever the request's version (RFC 9110 section 6.2: a server sends
     * its highest version); a 1.0 request keeps 1.0 semantics: no chunking, and keep-alive only when asked.
     */
    private ResponseHead framing(int status) {
        this.status = status;
        ResponseHead head = ResponseHead.of(HttpVersion.HTTP_1_1, status).fields(dateField()).fields(SERVER);
        if (always != null) {
            head.fields(always);
        }
        if (!keepAlive) {
            head.fields(CLOSE);
        } else if (request.version() == HttpVersion.HTTP_1_0) {
            head.fields(KEEP_ALIVE);
        }
        return head;
    }

    /** Adds {@code fields} to every response this exchange sends from now on. */
    void always(ResponseHead.Fields fields) {
        this.always = fields;
    }

    /** The Date field, encoded once a second rather than per response. */
    private static ResponseHead.Fields dateField() {
        String now = HttpDate.now();
        DateField d = date;
        if (d.text() != now) { // HttpDate.now() hands out one String per second
            d = new DateField(now, ResponseHead.encodeFields("Date", now));
            date = d;
        }
        return d.field();
    }

    private record DateField(String text, ResponseHead.Fields field) {
    }

    private static volatile DateField date = new DateField("", ResponseHead.encodeFields("Date", "-"));

    private static boolean hasBody(int status) {
        return status >= 200 && status != 204 && status != 304;
    }

    private static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (java.io.IOException ignored) {
            // nothing was sent from it
        }
    }
}
