package io.wharf.tracing;

/**
 * What tracing did since the process started, for {@code /metrics} and {@code /stats}: every count only grows
 * (an SDK a reload retires leaves its counts behind).
 *
 * @param started          spans started (the sampler was asked), sampled or not
 * @param sampled          spans the sampler kept: the ones that are recorded and exported
 * @param exported         spans the collector accepted
 * @param droppedQueueFull sampled spans dropped as they ended because the export queue was full (a collector
 *                         slower than the server: the span is lost, the request is not held)
 * @param droppedExport    spans lost with an export that failed
 * @param exportFailures   exports that failed (collector down, refusing, too slow), each after its retries
 */
public record TracingStats(long started, long sampled, long exported, long droppedQueueFull, long droppedExport,
                           long exportFailures) {

    public static final TracingStats ZERO = new TracingStats(0, 0, 0, 0, 0, 0);

    TracingStats plus(TracingStats o) {
        return new TracingStats(started + o.started, sampled + o.sampled, exported + o.exported,
                droppedQueueFull + o.droppedQueueFull, droppedExport + o.droppedExport,
                exportFailures + o.exportFailures);
    }
}
