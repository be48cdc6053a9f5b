package io.wharf.http.ops;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import io.wharf.core.stats.ServerStats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /metrics}: the server's numbers in the Prometheus text exposition format, through the official
 * Prometheus Java client. Series:
 * <ul>
 *   <li>{@code wharf_http_requests_total{method,status}}: finished requests;</li>
 *   <li>{@code wharf_http_request_duration_seconds}: a histogram of request durations;</li>
 *   <li>{@code wharf_http_sent_bytes_total}: response bytes sent;</li>
 *   <li>{@code wharf_connections_active}: open client connections (a gauge);</li>
 *   <li>{@code wharf_connections_refused_total}: connections refused at max_connections (a counter, since it
 *       only grows: {@code rate()} over it is what a dashboard wants).</li>
 * </ul>
 * Every series is read at scrape time from {@link HttpCounters} and {@link ServerStats} by callbacks, so the
 * request path pays nothing for metrics. Each instance has its own registry (never the client's global one),
 * so two servers, or two tests, in one JVM do not see each other's numbers.
 *
 * <p>Threading: safe from any thread; a scrape costs a few microseconds per series, so an event loop may call
 * it.
 */
public final class HttpMetrics {

    /** The {@code Content-Type} of {@link #scrape()}: {@code text/plain; version=0.0.4; charset=utf-8}. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public HttpMetrics(ServerStats stats, HttpCounters counters) {
        CounterWithCallback.builder()
                .name("wharf_http_requests").help("HTTP requests finished, by method and status.")
                .labelNames("method", "status")
                .callback(cb -> counters.forEachMethodStatus((method, status, n) ->
                        cb.call(n, method, Integer.toString(status))))
                .register(registry);
        registry.register(() -> durations(counters.durations()));
        CounterWithCallback.builder()
                .name("wharf_http_sent_bytes").help("Bytes of HTTP responses sent, head and body.").unit(Unit.BYTES)
                .callback(cb -> cb.call(counters.bytesSent()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("wharf_connections_active").help("Client connections open now.")
                .callback(cb -> cb.call(stats.snapshot().activeConnections()))
                .register(registry);
        CounterWithCallback.builder()
                .name("wharf_connections_refused").help("Connections refused because max_connections was reached.")
                .callback(cb -> cb.call(stats.snapshot().refusedConnections()))
                .register(registry);
    }

    /** The registry, to add more collectors (JVM metrics, say) to the same scrape. */
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

    private static HistogramSnapshot durations(HttpCounters.DurationSnapshot d) {
        double[] bounds = new double[d.upperBounds().length + 1];
        System.arraycopy(d.upperBounds(), 0, bounds, 0, d.upperBounds().length);
        bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
        return HistogramSnapshot.builder()
                .name("wharf_http_request_duration_seconds").unit(Unit.SECONDS)
                .help("Time from a request's first byte to its response handed to the connection.")
                .dataPoint(HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, d.counts()))
                        .sum(d.sumSeconds())
                        .build())
                .build();
    }
}
