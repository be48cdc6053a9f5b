package io.wharf.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * A span made current on this thread for a while, for the OpenTelemetry context and for the logs: while open,
 * {@link Span#current()} is the span and the MDC holds its {@code trace_id} and {@code span_id} (so a JSON log
 * line written now carries them, when the span is sampled: an unsampled trace is never exported, so its ids would
 * point nowhere); {@link #close} puts back what was there. Open it around a handler callback,
 * close it before the callback returns: a thread serves other connections next.
 *
 * <p>Threading: opened and closed on one thread, in LIFO order with other scopes.
 */
public final class TraceScope implements AutoCloseable {

    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";

    private final Scope scope;
    private final String previousTrace;
    private final String previousSpan;

    private TraceScope(Scope scope, String previousTrace, String previousSpan) {
        this.scope = scope;
        this.previousTrace = previousTrace;
        this.previousSpan = previousSpan;
    }

    /** Makes {@code span} current on this thread. */
    public static TraceScope enter(Span span) {
        return enter(Context.current().with(span));
    }

    /** Makes {@code context} (captured on another thread, e.g. before an offload) current on this one. */
    public static TraceScope enter(Context context) {
        String trace = MDC.get(TRACE_ID);
        String span = MDC.get(SPAN_ID);
        Scope scope = context.makeCurrent();
        SpanContext sc = Span.fromContext(context).getSpanContext();
        if (sc.isSampled()) { // only an exported trace is worth pointing a log line at
            MDC.put(TRACE_ID, sc.getTraceId());
            MDC.put(SPAN_ID, sc.getSpanId());
        }
        return new TraceScope(scope, trace, span);
    }

    @Override
    public void close() {
        scope.close();
        restore(TRACE_ID, previousTrace);
        restore(SPAN_ID, previousSpan);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
