package io.wharf.http.server;

import io.wharf.core.config.Config;
import io.wharf.core.spi.Handler;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.stats.ServerStats;
import io.wharf.http.HttpRequest;
import io.wharf.http.codec.ParserLimits;
import io.wharf.http.ops.HttpCounters;
import io.wharf.http.spi.Mount;
import io.wharf.tracing.TraceScope;
import io.wharf.tracing.Tracing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The HTTP server's shared state and its request pipeline: method check, rate limit, built-in routes,
 * auth, virtual host, static files ({@link HttpRouter}); then counters, metrics and the access log for every
 * response ({@link ExchangeRecorder}). Each step runs in its request's span, when tracing is on.
 *
 * <p>Threading: one per server, shared by every connection; everything in it is thread-safe (settings are
 * immutable and swapped whole on reload). The steps of an answer run on the connection's thread; the slow
 * ones (a password check not cached) hand their work to {@link Exchange#offload} and carry on there.
 */
final class HttpService implements ProtocolService, HttpEndpoint {

    /**
     * Methods a resource here may exist for but not allow (405 with Allow). Anything else, CONNECT included
     * (for proxies), is not implemented: 501 (RFC 9110 section 9.1).
     */
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE",
            "OPTIONS", "TRACE", "PATCH");
    /** True for a method a resource may be there for; else the answer is 501 whatever the target. */
    static boolean known(String method) {
        return KNOWN_METHODS.contains(method);
    }

    /** What {@code OPTIONS *} answers for the server as a whole. */
    static final String ALLOW = "GET, HEAD, OPTIONS";

    private volatile HttpTimeouts timeouts;
    private final ParserLimits parserLimits;
    private final HttpRouter router;
    private final ExchangeRecorder recorder;
    private final Tracing tracing;
    /** Null when tracing is off: then a request costs this one check. */
    private final HttpSpans spans;
    /** The first step of every answer, kept in a field: a method reference evaluated per request allocates. */
    private final Consumer<Exchange> route;

    /** The extensions' routes ({@code /echo}, {@code /chat}), asked before the files. */
    private final List<Mount> mounts;

    HttpService(Config config, ServerStats stats) {
        this(config, stats, List.of());
    }

    HttpService(Config config, ServerStats stats, List<Mount> mounts) {
        this.mounts = List.copyOf(mounts);
        HttpSettings s = HttpSettings.from(config);
        this.timeouts = HttpTimeouts.of(s);
        HttpCounters counters = new HttpCounters();
        stats.publish(HttpCounters.class, counters); // for the admin listener's process-wide endpoints
        this.parserLimits = new ParserLimits(s.maxRequestLine(), s.maxHeaderSize(), s.maxHeaders(), s.maxRequestSize());
        this.router = new HttpRouter(s, stats, counters, this.mounts);
        this.route = router::route;
        this.recorder = new ExchangeRecorder(counters, s.accessLog(),
                "json".equals(config.get(HttpKeys.ACCESS_LOG_FORMAT)));
        this.tracing = Tracing.acquire(config);
        this.spans = tracing.enabled() ? new HttpSpans(tracing) : null;
    }

    @Override
    public HttpTimeouts timeouts() {
        return timeouts;
    }

    @Override
    public ParserLimits parserLimits() {
        return parserLimits;
    }

    private final HandlerFactory connections = () -> new HttpConnection(this);

    @Override
    public HandlerFactory handlers() {
        return connections;
    }

    /**
     * What a client's first requests run, for a {@code process}-model spare to serve before it waits: a
     * {@code GET /} (the root's index, listing or 404: a file response where there is a file, whatever the root
     * holds or lacks), then, kept alive, a {@code GET} of a path no root has (a 404) that closes the connection.
     * The connection is a rehearsal, so neither is logged, counted, traced or charged to a rate limit
     * ({@link ExchangeRecorder#record}); neither writes a file.
     */
    private static final byte[] WARM_UP = ("GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: wharf-warm-up\r\n"
            + "Accept: */*\r\n\r\n"
            + "GET /.wharf-warm-up-404 HTTP/1.1\r\nHost: localhost\r\nUser-Agent: wharf-warm-up\r\n"
            + "Accept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    @Override
    public byte[] warmUpInput() {
        return WARM_UP.clone();
    }

    /** A new connection's handler. */
    Handler newHandler() {
        return new HttpConnection(this);
    }

    @Override
    public byte[] busyReply(String reason) {
        return busy(reason);
    }

    @Override
    public List<String> applicationProtocols() {
        return PlainOnTls.ALPN;
    }

    @Override
    public byte[] plainTextOnTlsReply(java.nio.ByteBuffer head) {
        return PlainOnTls.REPLY;
    }

    /** HTTP's busy reply: a 503 that asks the client to retry in a second. */
    static byte[] busy(String reason) {
        String body = "server busy: " + reason + "\n";
        return ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.length() + "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void reconfigure(Config config) {
        HttpSettings fresh = HttpSettings.from(config);
        timeouts = HttpTimeouts.of(fresh);
        router.reconfigure(fresh);
    }

    private final KeepAliveConnections open = new KeepAliveConnections();

    @Override
    public KeepAliveConnections connections() {
        return open;
    }

    /** The drain began: idle keep-alive connections close now, busy ones after their response. */
    @Override
    public void draining() {
        open.closeIdle();
        mounts.forEach(Mount::draining);
    }

    @Override
    public void shutdown() {
        recorder.close();
        mounts.forEach(Mount::close);
        tracing.release(); // the last listener's flushes the batched spans
    }

    /** Whether a request's body is worth a 100 Continue: only for methods we answer with a success. */
    @Override
    public boolean wantsBody(HttpRequest head) {
        return head.method().equals("GET") || head.method().equals("HEAD") || head.method().equals("OPTIONS");
    }

    /**
     * Answers one complete request: true when the response is written; false when a step of it went off the
     * loop ({@link Exchange#offload}), and its owner then runs the rest ({@link #run}). Never throws: a bug
     * becomes a 500 for this request only.
     */
    @Override
    public boolean handle(Exchange exchange) {
        if (spans != null && !exchange.connection().rehearsal()) {
            exchange.spans(spans);
            spans.start(exchange);
        }
        return run(exchange, route);
    }

    /**
     * Runs one step of {@code exchange}'s answer, the first or one after offloaded work; true when the exchange
     * is answered (and recorded: counters and access log), false while another step is off the loop.
     */
    @Override
    public boolean run(Exchange exchange, Consumer<Exchange> step) {
        if (exchange.span() == null) {
            runStep(exchange, step);
        } else {
            try (TraceScope scope = TraceScope.enter(exchange.span())) { // log lines of the step carry its ids
                runStep(exchange, step);
            }
        }
        if (exchange.pending()) {
            return false;
        }
        recorder.record(exchange);
        return true;
    }

    private static void runStep(Exchange exchange, Consumer<Exchange> step) {
        try {
            step.accept(exchange);
        } catch (RuntimeException e) {
            exchange.failed(e);
        }
    }

    /** Answers with an error status and a short text body. */
    @Override
    public void error(Exchange exchange, int status, String reason) {
        if (spans == null || exchange.connection().rehearsal()) {
            exchange.sendError(status, reason);
        } else {
            spans.start(exchange);
            try (TraceScope scope = TraceScope.enter(exchange.span())) {
                exchange.sendError(status, reason);
            }
        }
        recorder.record(exchange);
    }

    /** The connection closed while a step of {@code exchange} was offloaded: it is never answered. */
    @Override
    public void abandoned(Exchange exchange) {
        HttpSpans.abandoned(exchange);
    }
}
