package io.wharf.chat.domain;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.wharf.tracing.SemConv;
import io.wharf.tracing.TraceScope;
import io.wharf.tracing.Tracing;

import java.nio.charset.StandardCharsets;

/**
 * A {@link SpanKind#SERVER} span per chat message (said, an action, a private message, a broadcast), from its
 * receipt on the front-end's thread to its last local delivery on the hub thread, whichever front-end (telnet,
 * WebSocket) took it: started when the request is queued ({@link #received}), carried through the hub's queue
 * and made current there (its log lines carry its ids), ended once every recipient's sink has it
 * ({@link #deliver}). Attributes: {@code messaging.operation.name} ({@code say}, {@code act}, {@code private},
 * {@code broadcast}), {@code messaging.destination.name} (the room), {@code messaging.message.id} (a room
 * message's id), {@code messaging.message.body.size} (bytes), {@code wharf.chat.fanout} (sessions it reached;
 * 0 for one refused: no room, muted, empty) and {@code client.address}; an event {@code hub} when the hub
 * took it off its queue, so queueing shows apart from fan-out. Never the text or a nick. A message whose
 * sender left before the hub took it is neither delivered nor exported (its span never ends).
 *
 * <p>Exists only while tracing is on: {@link ChatHub} holds none otherwise, and a message costs a null check.
 * The chat has no cluster yet, so there is no other node to link a message's span to.
 *
 * <p>Threading: {@link #received} on any thread; the rest on the hub thread only ({@link #current}).
 */
final class ChatSpans {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<Long> MESSAGE_ID = AttributeKey.longKey("messaging.message.id");
    static final AttributeKey<Long> BODY_SIZE = AttributeKey.longKey("messaging.message.body.size");
    static final AttributeKey<Long> FANOUT = AttributeKey.longKey("wharf.chat.fanout");

    private final Tracing tracing;
    private final Tracer tracer;
    /** The message being delivered now; hub thread only. */
    private Span current;
    private String currentOperation;
    private boolean delivered;

    ChatSpans(Tracing tracing) {
        this.tracing = tracing;
        this.tracer = tracing.tracer();
    }

    /** {@code session} sent a message of {@code operation} with {@code text}: its span starts now, on this thread. */
    Span received(String operation, Session session, String text) {
        var b = tracer.spanBuilder(operation).setSpanKind(SpanKind.SERVER).setAttribute(OPERATION, operation)
                .setAttribute(BODY_SIZE, text == null ? 0L : text.getBytes(StandardCharsets.UTF_8).length);
        if (session.address != null) {
            b.setAttribute(SemConv.CLIENT_ADDRESS, session.address);
        }
        return b.startSpan();
    }

    /** Runs {@code task}, the message's delivery, on the hub thread inside {@code span}, which then ends. */
    void deliver(Span span, String operation, Runnable task) {
        span.addEvent("hub");
        current = span;
        currentOperation = operation;
        delivered = false;
        try (TraceScope scope = TraceScope.enter(span)) {
            task.run();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            if (!delivered) {
                span.setAttribute(FANOUT, 0L); // refused: the sender was told why
            }
            current = null;
            span.end();
        }
    }

    /** The current message went to {@code sessions} sessions (in {@code room}, with {@code id}, for a room's). */
    void delivered(String room, long id, int sessions) {
        Span span = current;
        if (span == null) {
            return;
        }
        delivered = true;
        span.setAttribute(FANOUT, (long) sessions);
        if (room != null) {
            span.setAttribute(DESTINATION, room);
            span.setAttribute(MESSAGE_ID, id);
            span.updateName(currentOperation + " " + room); // as messaging spans are named: operation destination
        }
    }

    void release() {
        tracing.release();
    }
}
