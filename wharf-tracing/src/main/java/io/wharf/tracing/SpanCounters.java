package io.wharf.tracing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One SDK's counts ({@link TracingStats}), kept by the pieces that see each event: the sampler (started,
 * sampled), the queue gate (queued, dropped because full) and the exporter (exported, failed).
 *
 * <p>Threading: thread-safe; counted from the threads that start and end spans and from the export thread.
 */
final class SpanCounters {

    final LongAdder started = new LongAdder();
    final LongAdder sampled = new LongAdder();
    final LongAdder exported = new LongAdder();
    final LongAdder droppedQueueFull = new LongAdder();
    final LongAdder droppedExport = new LongAdder();
    final LongAdder exportFailures = new LongAdder();
    /** Sampled spans ended and not yet handed to the exporter: the batch queue's length, or a bit more. */
    final AtomicLong queued = new AtomicLong();

    TracingStats snapshot() {
        return new TracingStats(started.sum(), sampled.sum(), exported.sum(), droppedQueueFull.sum(),
                droppedExport.sum(), exportFailures.sum());
    }
}
