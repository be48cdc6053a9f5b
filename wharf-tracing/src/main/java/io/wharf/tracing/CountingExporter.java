package io.wharf.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the spans exported and the exports that fail (collector down, refused, slow), and says so in one log
 * line per {@link #LOG_EVERY_NANOS}, so a dead collector costs the server a counter and a line a minute, never a
 * request: export runs on the batch processor's thread, and a full queue drops spans rather than waiting
 * ({@link QueueGate}, which this tells as spans leave the queue).
 *
 * <p>Threading: {@link #export} is called by the batch processor's one thread; the counters are read from any.
 */
final class CountingExporter implements SpanExporter {

    private static final Logger log = LoggerFactory.getLogger("wharf.tracing");
    static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final SpanExporter delegate;
    private final String endpoint;
    private final SpanCounters counters;
    /** When the next failure may be logged; {@code Long.MIN_VALUE}: the first one may. */
    private final AtomicLong nextLog = new AtomicLong(Long.MIN_VALUE);

    CountingExporter(SpanExporter delegate, String endpoint, SpanCounters counters) {
        this.delegate = delegate;
        this.endpoint = endpoint;
        this.counters = counters;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        int n = spans.size();
        counters.queued.addAndGet(-n); // out of the queue: room for as many more
        CompletableResultCode result = delegate.export(spans);
        result.whenComplete(() -> {
            if (result.isSuccess()) {
                counters.exported.add(n);
            } else {
                failed(n, result.getFailureThrowable());
            }
        });
        return result;
    }

    private void failed(int spans, Throwable why) {
        counters.exportFailures.increment();
        counters.droppedExport.add(spans);
        long now = System.nanoTime();
        long next = nextLog.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextLog.compareAndSet(next, now + LOG_EVERY_NANOS)) {
            // the exporter wraps the cause (ConnectException, an HTTP status) in its own exception type
            String reason = why == null ? "the collector refused them"
                    : (why.getCause() != null ? why.getCause() : why).toString();
            log.warn("tracing: cannot export {} span(s) to {}: {} ({} export(s) failed so far, {} span(s) dropped; "
                    + "requests are not affected; next report in a minute at most)", spans, endpoint, reason,
                    counters.exportFailures.sum(), counters.droppedExport.sum());
        }
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }
}
