package io.wharf.http.ops;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.wharf.tracing.Tracing;
import io.wharf.tracing.TracingStats;

import java.util.Optional;

/**
 * The process's tracing counts in {@code /metrics} ({@link Tracing#processStats}):
 * {@code wharf_tracing_spans_started_total} (sampled or not), {@code wharf_tracing_spans_sampled_total},
 * {@code wharf_tracing_spans_exported_total} (accepted by the collector),
 * {@code wharf_tracing_spans_dropped_total{reason}} ({@code queue_full}: the collector could not keep up;
 * {@code export_failed}: lost with a failed export) and {@code wharf_tracing_export_failures_total}. None of
 * them while tracing has never been on in the process. Under prefork, the answering worker's.
 *
 * <p>Threading: safe from any thread.
 */
final class TracingMetrics implements MultiCollector {

    static final TracingMetrics INSTANCE = new TracingMetrics();

    private TracingMetrics() {
    }

    @Override
    public MetricSnapshots collect() {
        Optional<TracingStats> stats = Tracing.processStats();
        if (stats.isEmpty()) {
            return MetricSnapshots.of();
        }
        TracingStats s = stats.get();
        return MetricSnapshots.of(
                counter("wharf_tracing_spans_started", "Spans started, sampled or not.", s.started()),
                counter("wharf_tracing_spans_sampled", "Spans the sampler kept, to be exported.", s.sampled()),
                counter("wharf_tracing_spans_exported", "Spans the collector accepted.", s.exported()),
                CounterSnapshot.builder().name("wharf_tracing_spans_dropped")
                        .help("Sampled spans lost: the export queue was full, or their export failed.")
                        .dataPoint(point(Labels.of("reason", "queue_full"), s.droppedQueueFull()))
                        .dataPoint(point(Labels.of("reason", "export_failed"), s.droppedExport()))
                        .build(),
                counter("wharf_tracing_export_failures", "Span exports that failed, after their retries.",
                        s.exportFailures()));
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return CounterSnapshot.builder().name(name).help(help).dataPoint(point(Labels.EMPTY, value)).build();
    }

    private static CounterDataPointSnapshot point(Labels labels, long value) {
        return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
