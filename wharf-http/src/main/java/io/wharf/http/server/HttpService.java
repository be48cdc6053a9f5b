package io.wharf.http.server;

import io.wharf.core.config.Config;
import io.wharf.core.spi.Handler;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.stats.ServerStats;
import io.wharf.http.HttpHeaders;
import io.wharf.http.HttpRequest;
import io.wharf.http.codec.ParserLimits;
import io.wharf.http.codec.ResponseHead;
import io.wharf.http.ops.AccessLog;
import io.wharf.http.ops.AccessRecord;
import io.wharf.http.ops.BasicAuth;
import io.wharf.http.ops.HttpCounters;
import io.wharf.http.ops.RateLimiter;
import io.wharf.http.ops.UsersFile;
import io.wharf.http.ops.UsersFileException;
import io.wharf.http.spi.Answer;
import io.wharf.http.spi.Mount;
import io.wharf.http.spi.Route;
import io.wharf.tracing.TraceScope;
import io.wharf.tracing.Tracing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The HTTP server's shared state and its request pipeline: method check, rate limit, built-in routes,
 * auth, virtual host, static files; then counters, metrics and the access log for every response.
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

    private volatile HttpSettings settings;
    private volatile HttpTimeouts timeouts;
    private final ParserLimits parserLimits;
    private final HttpCounters counters;
    /** Null when {@code admin_port} has an admin listener serve them instead. */
    private final BuiltinRoutes builtins;
    private final VirtualHosts hosts;
    private final RateLimiter rateLimiter;
    private final AccessLog accessLog;
    private final BasicAuth auth;
    private final Tracing tracing;
    /** Null when tracing is off: then a request costs this one check. */
    private final HttpSpans spans;
    /** The first step of every answer, kept in a field: a method reference evaluated per request allocates. */
    private final Consumer<Exchange> route = this::route;

    /** The extensions' routes ({@code /echo}, {@code /chat}), asked before the files. */
    private final List<Mount> mounts;

    HttpService(Config config, ServerStats stats) {
        this(config, stats, List.of());
    }

    HttpService(Config config, ServerStats stats, List<Mount> mounts) {
        this.mounts = List.copyOf(mounts);
        HttpSettings s = HttpSettings.from(config);
        this.settings = s;
        this.timeouts = HttpTimeouts.of(s);
        this.counters = new HttpCounters();
        stats.publish(HttpCounters.class, counters); // for the admin listener's process-wide endpoints
        this.parserLimits = new ParserLimits(s.maxRequestLine(), s.maxHeaderSize(), s.maxHeaders(), s.maxRequestSize());
        // with admin_port, the companion admin listener serves them (HttpProtocol.companions)
        this.builtins = s.adminPort() > 0 ? null : BuiltinRoutes.of(s, stats, counters);
        this.hosts = new VirtualHosts(s);
        this.rateLimiter = new RateLimiter(s.rateLimit());
        this.auth = s.auth() ? new BasicAuth(loadUsers(s)) : null;
        this.accessLog = openAccessLog(s.accessLog(), "json".equals(config.get(HttpKeys.ACCESS_LOG_FORMAT)));
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
     * ({@link #record}); neither writes a file.
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
        settings = fresh;
        timeouts = HttpTimeouts.of(fresh);
        rateLimiter.rate(fresh.rateLimit());
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
        accessLog.close();
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
        record(exchange);
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
        record(exchange);
    }

    /** The connection closed while a step of {@code exchange} was offloaded: it is never answered. */
    @Override
    public void abandoned(Exchange exchange) {
        HttpSpans.abandoned(exchange);
    }

    private void route(Exchange exchange) {
        HttpRequest request = exchange.request();
        HttpSettings s = settings;
        boolean tls = io.wharf.core.tls.TlsConnection.of(exchange.connection()).isPresent();
        if (tls && !s.hsts().isZero()) {
            exchange.always(hsts(s.hsts()));
        } else if (!tls && s.redirectToHttps() > 0) {
            redirect(exchange, s.redirectToHttps());
            return;
        }
        if (!known(request.method())) {
            exchange.sendText(501, new HttpHeaders(), "501 Not Implemented\n");
            return;
        }
        if (rateLimiter.enabled() && !exchange.connection().rehearsal()) { // a rehearsal takes no client's token
            InetAddress ip = exchange.connection().remoteAddress().getAddress();
            RateLimiter.Decision d = rateLimiter.tryAcquire(ip, System.nanoTime());
            if (!d.allowed()) {
                exchange.sendText(429, new HttpHeaders().add("Retry-After", Long.toString(d.retryAfterSeconds())),
                        "429 Too Many Requests\n");
                return;
            }
        }
        if (request.asterisk()) { // OPTIONS *, the only method the parser lets through with it
            exchange.send(200, new HttpHeaders().add("Allow", ALLOW), new byte[0]);
            return;
        }
        Optional<BuiltinRoutes.Route> builtin = builtins == null ? Optional.empty() : builtins.match(request.rawPath());
        if (auth != null && (builtin.isEmpty() || settings.authBuiltins())) {
            switch (auth.check(request.headers().get("Authorization"))) {
                case BasicAuth.Known known -> authenticated(exchange, builtin, known.user());
                case BasicAuth.Costly costly -> exchange.offload("auth", () -> auth.verify(costly.credentials()),
                        (x, user) -> authenticated(x, builtin, user)); // a PBKDF2 run: off the loop
            }
            return;
        }
        serve(exchange, builtin);
    }

    private static ResponseHead.Fields hstsField;
    private static Duration hstsAge;

    /** {@code Strict-Transport-Security: max-age=N}, encoded once per value. */
    private static synchronized ResponseHead.Fields hsts(Duration age) {
        if (!age.equals(hstsAge)) {
            hstsField = ResponseHead.encodeFields("Strict-Transport-Security", "max-age=" + age.toSeconds());
            hstsAge = age;
        }
        return hstsField;
    }

    /** {@code redirect_to_https}: the same host and target, over https on {@code port}. */
    private static void redirect(Exchange exchange, int port) {
        HttpRequest request = exchange.request();
        String host = request.host();
        if (host == null || host.isEmpty()) {
            String ip = exchange.connection().localAddress().getAddress().getHostAddress();
            host = ip.contains(":") ? "[" + ip + "]" : ip;
        } else if (host.startsWith("[")) {
            host = host.substring(0, host.indexOf(']') + 1); // [::1]:8080
        } else if (host.indexOf(':') > 0) {
            host = host.substring(0, host.indexOf(':')); // example.com:8080
        }
        String target = request.target();
        if (!target.startsWith("/")) { // absolute-form: its path and query only
            int q = target.indexOf('?');
            target = request.rawPath() + (q < 0 ? "" : target.substring(q));
        }
        String location = "https://" + host + (port == 443 ? "" : ":" + port) + target;
        exchange.sendText(301, new HttpHeaders().add("Location", location), "301 Moved Permanently: " + location + "\n");
    }

    private void authenticated(Exchange exchange, Optional<BuiltinRoutes.Route> builtin, Optional<String> user) {
        if (user.isEmpty()) {
            exchange.sendText(401, new HttpHeaders().add("WWW-Authenticate", auth.challenge()),
                    "401 Unauthorized\n");
            return;
        }
        exchange.user(user.get());
        serve(exchange, builtin);
    }

    private void serve(Exchange exchange, Optional<BuiltinRoutes.Route> builtin) {
        HttpRequest request = exchange.request();
        if (builtin.isPresent()) {
            HttpSpans.route(exchange, request.rawPath());
            builtins.serve(exchange, builtin.get());
            return;
        }
        for (Mount m : mounts) {
            Optional<Route> r = m.route(request.rawPath());
            if (r.isPresent()) {
                switch (r.get().answer(request, exchange.connection())) {
                    case Answer.Respond a -> exchange.send(a.status(), a.headers(), a.body());
                    case Answer.Switch a -> exchange.switchProtocols(a.headers(), a.next());
                }
                return;
            }
        }
        if (hosts == null) {
            exchange.sendText(404, new HttpHeaders(), "404 Not Found\n");
            return;
        }
        hosts.filesFor(request.host()).serve(exchange);
    }

    /** Counts and logs an answered exchange; nothing of a rehearsal (a spare's warm-up), which no client sent. */
    private void record(Exchange exchange) {
        if (exchange.connection().rehearsal()) {
            return;
        }
        HttpRequest r = exchange.request();
        String h = r.host(); // an absolute-form target's authority wins over Host, as in routing
        String host = h == null ? "-" : VirtualHosts.hostName(h);
        counters.record(r.method(), exchange.status(), host, exchange.bodyBytes(), exchange.elapsedNanos());
        io.opentelemetry.api.trace.Span span = exchange.span();
        if (span != null) {
            HttpSpans.end(exchange);
        }
        if (accessLog.enabled()) {
            AccessRecord line = AccessRecord.of(exchange.connection().remoteAddress().getAddress().getHostAddress(),
                    exchange.user(), Instant.now(), r, exchange.status(), exchange.bodyBytes());
            if (span != null && span.getSpanContext().isValid()) {
                line = line.traced(span.getSpanContext().getTraceId(), span.getSpanContext().getSpanId());
            }
            accessLog.log(line);
        }
    }

    private static UsersFile loadUsers(HttpSettings s) {
        try {
            return UsersFile.load(s.usersFile());
        } catch (UsersFileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static AccessLog openAccessLog(String file, boolean json) {
        if (file == null || file.isBlank() || file.toLowerCase(Locale.ROOT).equals("off")) {
            return AccessLog.off();
        }
        io.wharf.core.config.WritableFile.refusal(HttpKeys.ACCESS_LOG, file).ifPresent(why -> {
            throw new UncheckedIOException(why, new IOException(why));
        });
        try {
            return AccessLog.open(java.nio.file.Path.of(file), json);
        } catch (IOException e) {
            throw new UncheckedIOException("[logging] access_log: cannot open " + file + ": " + e.getMessage(), e);
        }
    }
}
