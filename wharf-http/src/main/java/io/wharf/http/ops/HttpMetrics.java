package io.wharf.http.ops;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.wharf.core.spi.HostView;
import io.wharf.core.spi.ListenerView;
import io.wharf.core.stats.ServerStats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code /metrics}: numbers in the Prometheus text exposition format, through the official Prometheus Java
 * client, either of one HTTP listener (its built-in route: unlabelled series) or of a whole process (the admin
 * listener: every listener's series labelled {@code listener} and {@code protocol}, plus the JVM's). The series
 * are {@link ListenerMetrics}'s, read at scrape time, so the request path pays nothing for metrics. Each
 * instance has its own registry (never the client's global one), so two servers, or two tests, in one JVM do
 * not see each other's numbers; the tracing counts ({@link TracingMetrics}) are the process's, in both.
 *
 * <p>Threading: safe from any thread; a scrape costs a few microseconds per series, so an event loop may call
 * it.
 */
public final class HttpMetrics {

    /** The {@code Content-Type} of {@link #scrape()}: {@code text/plain; version=0.0.4; charset=utf-8}. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /** One HTTP listener's own series, unlabelled. */
    public HttpMetrics(ServerStats stats, HttpCounters counters) {
        ListenerMetrics.Source self = new ListenerMetrics.Source(Labels.EMPTY, stats, Optional.of(counters));
        registry.register(new ListenerMetrics(() -> List.of(self)));
        registry.register(TracingMetrics.INSTANCE);
    }

    private HttpMetrics(HostView host) {
        registry.register(new ListenerMetrics(() -> host.listeners().stream().map(HttpMetrics::source).toList()));
        registry.register(Jvm.METRICS);
        registry.register(TracingMetrics.INSTANCE);
    }

    /** Every listener of {@code host}, as it is at each scrape, and the JVM (memory, GC, threads, ...). */
    public static HttpMetrics of(HostView host) {
        return new HttpMetrics(host);
    }

    /** The registry, to add more collectors to the same scrape. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Writes the text exposition of every series to {@code out}, in {@link #CONTENT_TYPE}. */
    public void writeTo(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** The text exposition as a string. */
    public String scrape() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
        try {
            writeTo(buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static ListenerMetrics.Source source(ListenerView l) {
        return new ListenerMetrics.Source(Labels.of("listener", l.name(), "protocol", l.protocol()), l.stats(),
                l.stats().published(HttpCounters.class));
    }

    /**
     * The client's JVM collectors, registered once per process into a registry of their own (not the global
     * one) that every process-wide {@code /metrics} reads: the JVM is the same for all of them, and the
     * collectors add GC notification listeners that are never removed, so a set per admin service would leak
     * one set each time SIGHUP re-creates a listener.
     */
    private static final class Jvm {
        static final MultiCollector METRICS = make();

        private static MultiCollector make() {
            PrometheusRegistry jvm = new PrometheusRegistry();
            JvmMetrics.builder().register(jvm);
            return jvm::scrape;
        }
    }
}
