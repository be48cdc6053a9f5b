package io.wharf.http.ops;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.Unit;
import io.wharf.core.stats.ProtocolSeries;
import io.wharf.core.stats.ServerStats;
import io.wharf.core.stats.StatsSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The wharf series of some listeners, computed at scrape time from their live stats: a listener's own
 * {@code /metrics} is one unlabelled source; the admin listener's is every listener of the process, labelled
 * {@code listener} and {@code protocol}, read from the host at each scrape so listeners added or removed live
 * appear and disappear with no registration to undo. Series:
 * <ul>
 *   <li>{@code wharf_connections_total}, {@code wharf_connections_active} (gauge),
 *       {@code wharf_connections_refused_total} (refused at max_connections);</li>
 *   <li>{@code wharf_connections_closed_total{reason}}: closes and refusals by their core reason
 *       ({@code header_timeout}, {@code idle_timeout}, {@code refused_max_connections}, ...: every
 *       {@link io.wharf.core.spi.CloseReason}, zeros included, so each series exists from the start), and
 *       {@code wharf_connections_lingering} (gauge: lingering closes now);</li>
 *   <li>{@code wharf_received_bytes_total}, {@code wharf_sent_bytes_total}, {@code wharf_errors_total};</li>
 *   <li>{@code wharf_model_<gauge>}: the model's gauges ({@code queue_depth}, {@code threads_alive},
 *       {@code loop_iterations});</li>
 *   <li>for HTTP listeners: {@code wharf_http_requests_total{method,status}},
 *       {@code wharf_http_request_duration_seconds} (histogram), {@code wharf_http_sent_bytes_total};</li>
 *   <li>whatever series a protocol publishes as {@link ProtocolSeries} (a balancer's per-backend state).</li>
 * </ul>
 * A family no source has is left out rather than written empty. Under prefork each series is the sum over every
 * worker process of the server (running ones, and the final counts of those a reload or restart retired), as the
 * master relays it, so a counter never goes down whichever worker answers the scrape; there is no worker label.
 *
 * <p>Threading: safe from any thread, as its sources are.
 */
public final class ListenerMetrics implements MultiCollector {

    /**
     * One listener's numbers.
     *
     * @param labels what tells it apart from the others in one scrape ({@link Labels#EMPTY} when it is alone)
     * @param http   its HTTP counters, for an HTTP listener
     */
    public record Source(Labels labels, ServerStats stats, Optional<HttpCounters> http) {
    }

    private final Supplier<List<Source>> sources;

    public ListenerMetrics(Supplier<List<Source>> sources) {
        this.sources = sources;
    }

    @Override
    public MetricSnapshots collect() {
        Families f = new Families();
        for (Source source : sources.get()) {
            Labels l = source.labels();
            StatsSnapshot s = WholeServer.snapshot(source.stats());
            f.counter("wharf_connections", null, "Client connections accepted.", l, s.totalConnections());
            f.gauge("wharf_connections_active", "Client connections open now.", l, s.activeConnections());
            f.counter("wharf_connections_refused", null, "Connections refused because max_connections was reached.",
                    l, s.refusedConnections());
            source.stats().closedByReason().forEach((reason, n) -> f.counter("wharf_connections_closed", null,
                    "Connections closed, and clients refused, by reason.", l.merge(Labels.of("reason", reason)), n));
            f.gauge("wharf_connections_lingering",
                    "Connections closing with output shut down while their input is read and dropped.", l,
                    source.stats().lingeringConnections());
            f.counter("wharf_received_bytes", Unit.BYTES, "Bytes read from clients.", l, s.bytesIn());
            f.counter("wharf_sent_bytes", Unit.BYTES, "Bytes written to clients.", l, s.bytesOut());
            f.counter("wharf_errors", null, "Connections that ended in an error.", l, s.errors());
            new TreeMap<>(s.modelGauges()).forEach((gauge, v) -> f.gauge(
                    PrometheusNaming.sanitizeMetricName("wharf_model_" + gauge),
                    "The " + gauge + " gauge of the listener's concurrency model.", l, v));
            WholeServer.http(source.stats(), source.http()).ifPresent(http -> http(f, l, http));
            source.stats().published(ProtocolSeries.class).ifPresent(p -> series(f, l, p));
        }
        return f.build();
    }

    /** A protocol's own series ({@link ProtocolSeries}), each point with the listener's labels and its own. */
    private static void series(Families f, Labels l, ProtocolSeries p) {
        for (ProtocolSeries.Series s : p.series()) {
            Labels labels = l;
            for (Map.Entry<String, String> e : new TreeMap<>(s.labels()).entrySet()) {
                labels = labels.merge(Labels.of(e.getKey(), e.getValue()));
            }
            if (s.kind() == ProtocolSeries.Kind.COUNTER) {
                f.counter(s.name(), null, s.help(), labels, s.value());
            } else {
                f.gauge(s.name(), s.help(), labels, s.value());
            }
        }
    }

    private static void http(Families f, Labels l, HttpCounters http) {
        http.forEachMethodStatus((method, status, n) -> f.counter("wharf_http_requests", null,
                "HTTP requests finished, by method and status.",
                l.merge(Labels.of("method", method, "status", Integer.toString(status))), n));
        f.histogram("wharf_http_request_duration_seconds",
                "Time from a request's first byte to its response handed to the connection.", l, http.durations());
        f.counter("wharf_http_sent_bytes", Unit.BYTES, "Bytes of HTTP responses sent, head and body.", l,
                http.bytesSent());
    }

    /** The families of one scrape, each made when its first data point comes. */
    private static final class Families {

        private final Map<String, CounterSnapshot.Builder> counters = new LinkedHashMap<>();
        private final Map<String, GaugeSnapshot.Builder> gauges = new LinkedHashMap<>();
        private final Map<String, HistogramSnapshot.Builder> histograms = new LinkedHashMap<>();

        void counter(String name, Unit unit, String help, Labels labels, double value) {
            counters.computeIfAbsent(name, n -> {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(n).help(help);
                return unit == null ? b : b.unit(unit);
            }).dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(value).build());
        }

        void gauge(String name, String help, Labels labels, double value) {
            gauges.computeIfAbsent(name, n -> GaugeSnapshot.builder().name(n).help(help))
                    .dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
        }

        void histogram(String name, String help, Labels labels, HttpCounters.DurationSnapshot d) {
            double[] bounds = new double[d.upperBounds().length + 1];
            System.arraycopy(d.upperBounds(), 0, bounds, 0, d.upperBounds().length);
            bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
            histograms.computeIfAbsent(name, n -> HistogramSnapshot.builder().name(n).unit(Unit.SECONDS).help(help))
                    .dataPoint(HistogramDataPointSnapshot.builder().labels(labels)
                            .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, d.counts()))
                            .sum(d.sumSeconds())
                            .build());
        }

        MetricSnapshots build() {
            List<MetricSnapshot> all = new ArrayList<>();
            counters.values().forEach(b -> all.add(b.build()));
            gauges.values().forEach(b -> all.add(b.build()));
            histograms.values().forEach(b -> all.add(b.build()));
            return new MetricSnapshots(all);
        }
    }
}
