package io.wharf.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * In front of the batch processor: a sampled span that ends while {@code capacity} spans already wait for
 * export is dropped here, and counted, instead of inside the batch processor, which drops as quietly. The
 * exporter takes spans off the count as it is handed them ({@link CountingExporter}), so the count is the
 * batch queue's length (plus a batch being assembled) and the batch processor, given a queue of the same
 * capacity, never drops one itself. Ending a span never waits.
 *
 * <p>Threading: {@link #onEnd} from any thread that ends a span; the rest as {@link SpanProcessor}.
 */
final class QueueGate implements SpanProcessor {

    private final SpanProcessor delegate;
    private final SpanCounters counters;
    private final long capacity;

    QueueGate(SpanProcessor delegate, SpanCounters counters, int capacity) {
        this.delegate = delegate;
        this.counters = counters;
        this.capacity = capacity;
    }

    @Override
    public void onStart(Context parent, ReadWriteSpan span) {
        delegate.onStart(parent, span);
    }

    @Override
    public boolean isStartRequired() {
        return delegate.isStartRequired();
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (!span.getSpanContext().isSampled()) {
            return; // never exported: the batch processor ignores it too
        }
        if (counters.queued.incrementAndGet() > capacity) {
            counters.queued.decrementAndGet();
            counters.droppedQueueFull.increment();
            return;
        }
        delegate.onEnd(span);
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }

    @Override
    public CompletableResultCode forceFlush() {
        return delegate.forceFlush();
    }
}
