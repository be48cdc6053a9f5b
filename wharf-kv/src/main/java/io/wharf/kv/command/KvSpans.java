package io.wharf.kv.command;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.wharf.tracing.SemConv;
import io.wharf.tracing.TraceScope;
import io.wharf.tracing.Tracing;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SpanKind#SERVER} span per kv command, with the stable database semantic conventions: named after the
 * command ({@code GET}, {@code CLIENT SETNAME}), {@code db.system.name = redis} (and the older
 * {@code db.system}), {@code db.operation.name}, {@code db.namespace} (the database index, as a string), the
 * client's address and the server's port; an error reply sets {@code db.response.status_code} and
 * {@code error.type} to its code ({@code WRONGTYPE}, {@code ERR}). Never a key, a value or an argument. A
 * transaction is one span: MULTI and the commands it queues make none, and EXEC's span lists the queued
 * commands as events, in order, with their count in {@code db.operation.batch.size}. A command that blocks
 * (BLPOP on an empty list) ends its span when it blocks, marked {@code wharf.kv.blocked}. Unknown commands
 * make no span, and neither do the internal client's (the AOF replayed at start).
 *
 * <p>Exists only while tracing is on: {@link KvState#spans()} is null otherwise, and a command then costs that
 * one check ({@link Session#execute}). Sampling is the SDK's, as {@code [tracing] sampling_ratio} says.
 *
 * <p>Threading: thread-safe; a command's span lives on its session's handler thread, for that one call.
 */
public final class KvSpans {

    static final AttributeKey<String> SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
    static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("db.namespace");
    static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
    static final AttributeKey<String> STATUS_CODE = AttributeKey.stringKey("db.response.status_code");
    static final AttributeKey<Boolean> BLOCKED = AttributeKey.booleanKey("wharf.kv.blocked");

    private final Tracing tracing;
    private final Tracer tracer;
    /** Span names by command name ({@code client|setname} to {@code CLIENT SETNAME}), made once each. */
    private final Map<String, String> operations = new ConcurrentHashMap<>();

    private KvSpans(Tracing tracing) {
        this.tracing = tracing;
        this.tracer = tracing.tracer();
    }

    /** The spans of {@code tracing}; null when it is off, which is what the command path checks. */
    public static KvSpans of(Tracing tracing) {
        return tracing.enabled() ? new KvSpans(tracing) : null;
    }

    /** Gives the tracing back (the last user's release flushes its batch): when the listener stops. */
    public void release() {
        tracing.release();
    }

    /** Runs {@code args} as {@link Dispatcher#process} does, inside the command's span if it makes one. */
    void process(Session s, List<byte[]> args) {
        Command command = traced(s, args);
        if (command == null) {
            Dispatcher.process(s, args);
            return;
        }
        TransactionCommands.Transaction tx = s.multi().transaction();
        Span span = start(s, command, tx);
        long errorsBefore = s.reply().errors();
        try (TraceScope scope = span.isRecording() ? TraceScope.enter(span) : null) { // log lines carry its ids
            Dispatcher.process(s, args);
        } finally {
            if (s.reply().errors() > errorsBefore) {
                String code = s.reply().lastErrorCode();
                span.setAttribute(STATUS_CODE, code);
                span.setAttribute(SemConv.ERROR_TYPE, code);
                span.setStatus(StatusCode.ERROR);
            }
            if (s.blocking().isBlocked()) {
                span.setAttribute(BLOCKED, true);
            }
            span.end();
        }
    }

    /**
     * The command {@code args} name if it makes a span: not inside MULTI but EXEC (the transaction's span), not
     * MULTI itself, not an unknown one (a typo is no operation), not the internal client's.
     */
    private static Command traced(Session s, List<byte[]> args) {
        if (s.address() == null) {
            return null;
        }
        String name = new String(args.get(0), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (s.multi().transaction() != null ? !name.equals("exec") : name.equals("multi")) {
            return null;
        }
        return s.state().commands().lookup(name, args);
    }

    private Span start(Session s, Command command, TransactionCommands.Transaction tx) {
        String operation = operation(command);
        InetSocketAddress client = s.address();
        SpanBuilder b = tracer.spanBuilder(operation).setSpanKind(SpanKind.SERVER)
                .setAttribute(SYSTEM_NAME, "redis")
                .setAttribute(SYSTEM, "redis")
                .setAttribute(OPERATION, operation)
                .setAttribute(NAMESPACE, Integer.toString(s.db().index()))
                .setAttribute(SemConv.CLIENT_ADDRESS, client.getAddress().getHostAddress())
                .setAttribute(SemConv.CLIENT_PORT, (long) client.getPort())
                .setAttribute(SemConv.SERVER_PORT, (long) s.state().tcpPort());
        if (tx != null) {
            b.setAttribute(BATCH_SIZE, (long) tx.commands.size());
        }
        Span span = b.startSpan();
        if (tx != null && span.isRecording()) {
            for (Command queued : tx.commands) {
                span.addEvent(operation(queued));
            }
        }
        return span;
    }

    private String operation(Command command) {
        return operations.computeIfAbsent(command.name(), n -> n.replace('|', ' ').toUpperCase(Locale.ROOT));
    }
}
