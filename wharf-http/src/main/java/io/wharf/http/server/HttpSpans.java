package io.wharf.http.server;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.wharf.core.proxy.ProxiedClient;
import io.wharf.http.HttpHeaders;
import io.wharf.http.HttpRequest;
import io.wharf.http.HttpVersion;
import io.wharf.tracing.TraceScope;
import io.wharf.tracing.Tracing;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.function.Supplier;

/**
 * HTTP server spans with the stable semantic conventions: one {@link SpanKind#SERVER} span per request, its
 * parent the caller's W3C {@code traceparent}/{@code tracestate} when sent; ended when the response is written
 * ({@link #end}) or the connection closes first ({@link #abandoned}); without a {@code traceparent} header,
 * the parent is the one a wharf balancer sent in the connection's PROXY v2 header ({@code accept_proxy}); a child span per offloaded step
 * ({@link #offloaded}), started on whichever thread runs the step, under the request's context captured before.
 * Exists only while tracing is on: {@link HttpService} holds none otherwise, so requests cost a null check.
 *
 * <p>Threading: thread-safe (stateless but for the tracer); a span is used by its exchange's thread, and by the
 * one worker that runs an offloaded step.
 */
final class HttpSpans {

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
    static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<Long> REQUEST_SIZE = AttributeKey.longKey("http.request.body.size");
    static final AttributeKey<Long> RESPONSE_SIZE = AttributeKey.longKey("http.response.body.size");
    static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
    static final AttributeKey<Long> CLIENT_PORT = AttributeKey.longKey("client.port");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
    static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** The methods semantic conventions name; any other is {@code _OTHER}. */
    private static final Set<String> KNOWN = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");

    private static final TextMapGetter<HttpHeaders> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpHeaders carrier) {
            return carrier.names();
        }

        @Override
        public String get(HttpHeaders carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    /** A PROXY header's {@code traceparent} TLV, as a carrier of that one key. */
    private static final TextMapGetter<String> PROXY_TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return java.util.List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    HttpSpans(Tracing tracing) {
        this.tracer = tracing.tracer();
        this.propagator = tracing.propagator();
    }

    /** Starts {@code exchange}'s server span (not yet current: {@link HttpService#run} makes it so per step). */
    void start(Exchange exchange) {
        HttpRequest r = exchange.request();
        Context parent = propagator.extract(Context.root(), r.headers(), HEADERS);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            // no traceparent of its own: a wharf balancer's span for the connection, sent in its PROXY header
            String proxied = exchange.connection().proxied().flatMap(ProxiedClient::traceparent).orElse(null);
            if (proxied != null) {
                parent = propagator.extract(Context.root(), proxied, PROXY_TRACEPARENT);
            }
        }
        boolean known = KNOWN.contains(r.method());
        // the sampler (parent-based ratio) reads no attributes: a request it drops costs no attribute work
        Span span = tracer.spanBuilder(known ? r.method() : "HTTP").setSpanKind(SpanKind.SERVER).setParent(parent)
                .startSpan();
        exchange.span(span);
        if (!span.isRecording()) {
            return;
        }
        InetSocketAddress client = exchange.connection().remoteAddress();
        InetSocketAddress local = exchange.connection().localAddress();
        span.setAttribute(METHOD, known ? r.method() : "_OTHER");
        span.setAttribute(PATH, r.rawPath());
        span.setAttribute(SCHEME, io.wharf.core.tls.TlsConnection.of(exchange.connection()).isPresent() ? "https" : "http");
        span.setAttribute(PROTOCOL_VERSION, r.version() == HttpVersion.HTTP_1_0 ? "1.0" : "1.1");
        span.setAttribute(CLIENT_ADDRESS, client.getAddress().getHostAddress());
        span.setAttribute(CLIENT_PORT, (long) client.getPort());
        span.setAttribute(SERVER_PORT, (long) local.getPort());
        if (!known) {
            span.setAttribute(METHOD_ORIGINAL, r.method());
        }
        if (r.host() != null && !r.host().isEmpty()) {
            span.setAttribute(SERVER_ADDRESS, VirtualHosts.hostName(r.host()));
        }
        String agent = r.headers().get("User-Agent");
        if (agent != null) {
            span.setAttribute(USER_AGENT, agent);
        }
        if (r.contentLength() >= 0) {
            span.setAttribute(REQUEST_SIZE, r.contentLength());
        }
    }

    /** The route a request matched (the built-in {@code /health}, say): named so in the span. */
    static void route(Exchange exchange, String route) {
        Span span = exchange.span();
        if (span != null && span.isRecording()) {
            span.setAttribute(ROUTE, route);
            span.updateName(exchange.request().method() + " " + route);
        }
    }

    /** The response is written: its status and size, and the span ends. */
    static void end(Exchange exchange) {
        Span span = exchange.span();
        int status = exchange.status();
        span.setAttribute(STATUS, (long) status);
        span.setAttribute(RESPONSE_SIZE, exchange.bodyBytes());
        if (status >= 500) { // a server span's 4xx is the client's error, not ours
            span.setAttribute(ERROR_TYPE, Integer.toString(status));
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
        exchange.span(null);
    }

    /** The connection closed before the response was written (while a step was offloaded). */
    static void abandoned(Exchange exchange) {
        Span span = exchange.span();
        if (span != null) {
            span.setAttribute(ERROR_TYPE, "connection_closed");
            span.setStatus(StatusCode.ERROR, "the connection closed before the response was written");
            span.end();
            exchange.span(null);
        }
    }

    /**
     * {@code work} as a child span named {@code what} of the request's span, wherever it runs: the context is
     * captured here, on the connection's thread, and made current (MDC included) on the thread that runs it,
     * a reactor worker or this one.
     */
    <T> Supplier<T> offloaded(String what, Span request, Supplier<T> work) {
        Context parent = Context.root().with(request);
        return () -> {
            Span step = tracer.spanBuilder(what).setParent(parent).startSpan();
            try (TraceScope scope = TraceScope.enter(parent.with(step))) {
                return work.get();
            } catch (RuntimeException e) {
                step.recordException(e);
                step.setStatus(StatusCode.ERROR);
                throw e;
            } finally {
                step.end();
            }
        };
    }
}
