package io.wharf.balance;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.wharf.core.spi.Connection;
import io.wharf.tracing.Tracing;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The balancer's spans: one {@link SpanKind#SERVER} span per proxied connection, from accept to close, with the
 * client, the chosen backend, the time its connect took, the bytes each way and how it ended
 * ({@code wharf.balance.outcome}). Its W3C {@code traceparent} goes to the backend in the PROXY v2 header
 * ({@link io.wharf.core.proxy.ProxyHeader#TRACE_CONTEXT}), so a wharf backend's spans are its children. Sampling
 * is {@code [tracing]}'s (a new trace per connection). Exists only while tracing is on: {@link BalanceService}
 * holds none otherwise, so a session costs a null check.
 *
 * <p>Threading: stateless but for the tracer; a span is safe from any thread (the blocking models end it on the
 * client's thread while the backend's thread may still count bytes).
 */
final class BalanceSpans {

    static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
    static final AttributeKey<Long> CLIENT_PORT = AttributeKey.longKey("client.port");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> LISTENER = AttributeKey.stringKey("wharf.listener");
    static final AttributeKey<String> BACKEND = AttributeKey.stringKey("wharf.balance.backend");
    static final AttributeKey<String> PEER_ADDRESS = AttributeKey.stringKey("network.peer.address");
    static final AttributeKey<Long> PEER_PORT = AttributeKey.longKey("network.peer.port");
    static final AttributeKey<Long> CONNECT_MICROS = AttributeKey.longKey("wharf.balance.connect_us");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("wharf.balance.attempts");
    static final AttributeKey<Long> BYTES_TO_BACKEND = AttributeKey.longKey("wharf.balance.bytes_to_backend");
    static final AttributeKey<Long> BYTES_TO_CLIENT = AttributeKey.longKey("wharf.balance.bytes_to_client");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("wharf.balance.outcome");

    /** How a session ended, as {@code wharf.balance.outcome} names it. */
    enum Outcome {
        /** Both sides ended normally. */
        CLOSED(false),
        /** No backend was up or left to try. */
        NO_BACKEND(true),
        /** Every connect tried failed. */
        CONNECT_FAILED(true),
        /** The backend reset the connection or failed a read or write. */
        BACKEND_RESET(true),
        /** {@code on_down = shutdown_sessions} ended it. */
        SHUTDOWN(true);

        final boolean error;

        Outcome(boolean error) {
            this.error = error;
        }

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final String listener;

    BalanceSpans(Tracing tracing, String listener) {
        this.tracer = tracing.tracer();
        this.propagator = tracing.propagator();
        this.listener = listener;
    }

    /** The span of {@code client}'s session, started now. */
    Span start(Connection client) {
        InetSocketAddress c = client.remoteAddress();
        return tracer.spanBuilder("balance " + listener).setSpanKind(SpanKind.SERVER).setNoParent()
                .setAttribute(LISTENER, listener)
                .setAttribute(CLIENT_ADDRESS, c.getAddress().getHostAddress())
                .setAttribute(CLIENT_PORT, (long) c.getPort())
                .setAttribute(SERVER_PORT, (long) client.localAddress().getPort())
                .startSpan();
    }

    /** The backend connected after {@code connectNanos}, on the {@code attempts}-th try. */
    static void connected(Span span, Backend b, long connectNanos, int attempts) {
        InetSocketAddress a = b.spec().address();
        span.setAttribute(BACKEND, b.name());
        span.setAttribute(PEER_ADDRESS, a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress());
        span.setAttribute(PEER_PORT, (long) a.getPort());
        span.setAttribute(CONNECT_MICROS, connectNanos / 1_000);
        span.setAttribute(ATTEMPTS, (long) attempts);
    }

    /** A connect failed (the session may go on with another backend). */
    static void connectFailed(Span span, Backend b, String why) {
        span.addEvent("connect failed: " + b.name() + ": " + why);
    }

    /** The session is over: its byte counts and outcome, and the span ends. */
    static void end(Span span, Connection client, Outcome outcome) {
        span.setAttribute(BYTES_TO_BACKEND, client.bytesIn());
        span.setAttribute(BYTES_TO_CLIENT, client.bytesOut());
        span.setAttribute(OUTCOME, outcome.key());
        if (outcome.error) {
            span.setStatus(StatusCode.ERROR, outcome.key());
        }
        span.end();
    }

    /** The {@code traceparent} of {@code span}, as the PROXY v2 TLV carries it; empty for an invalid span. */
    Map<Integer, byte[]> traceTlv(Span span) {
        Map<String, String> carrier = new HashMap<>(2);
        propagator.inject(Context.root().with(span), carrier, Map::put);
        String tp = carrier.get("traceparent");
        return tp == null ? Map.of()
                : Map.of(io.wharf.core.proxy.ProxyHeader.TRACE_CONTEXT, tp.getBytes(StandardCharsets.US_ASCII));
    }
}
