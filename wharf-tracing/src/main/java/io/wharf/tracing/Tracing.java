package io.wharf.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.wharf.core.config.Config;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

/**
 * The process's tracing, protocol-neutral: an OpenTelemetry SDK built from {@code [tracing]} (OTLP/HTTP protobuf
 * export through the JDK's HttpClient, batched; parent-based TraceIdRatio sampling; W3C trace context), or
 * {@link #off()}, which builds nothing. A protocol takes one at start ({@link #acquire}) and gives it back at
 * shutdown ({@link #release}); listeners with the same settings share one SDK, and the last release flushes
 * what is batched. When off, a protocol keeps no tracer at all, so its hot path costs one field check.
 * Each SDK counts what it did ({@link #stats}); {@link #processStats} sums them for {@code /metrics}.
 *
 * <p>Threading: everything here is safe from any thread; {@link #acquire} and {@link #release} are serialised.
 */
public final class Tracing {

    /** The instrumentation scope of every wharf span. */
    public static final String SCOPE = "io.wharf";
    /** Spans waiting for export at most; one more that ends is dropped (and counted), not waited for. */
    static final int QUEUE_CAPACITY = 8192;
    private static final Tracing OFF = new Tracing(null, null, null, null);
    private static final Map<TracingSettings, Tracing> SHARED = new HashMap<>();
    /** Every SDK not yet shut down, and the sum of those that were: under SHARED's lock. */
    private static final Set<Tracing> LIVE = new LinkedHashSet<>();
    private static TracingStats retired;
    /**
     * The OTLP exporter logs each failure through java.util.logging, to stderr under wharf; {@link CountingExporter}
     * reports them instead, counted and rate-limited. Held here: JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger EXPORTER_JUL = java.util.logging.Logger.getLogger("io.opentelemetry.exporter");

    static {
        EXPORTER_JUL.setLevel(Level.OFF);
    }

    /** A collector restarting loses no batch; one that is down costs each batch about a second, off the request path. */
    private static final RetryPolicy RETRY = RetryPolicy.builder().setMaxAttempts(3)
            .setInitialBackoff(Duration.ofMillis(200)).setMaxBackoff(Duration.ofSeconds(1)).build();

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final SpanCounters counters;
    private final TracingSettings key;
    private int users;

    private Tracing(SdkTracerProvider provider, Tracer tracer, SpanCounters counters, TracingSettings key) {
        this.provider = provider;
        this.tracer = tracer;
        this.counters = counters;
        this.key = key;
    }

    /** Tracing off: no SDK, no tracer. */
    public static Tracing off() {
        return OFF;
    }

    /** The tracing {@code config}'s {@code [tracing]} asks for: {@link #off()} unless enabled, else a shared SDK. */
    public static Tracing acquire(Config config) {
        TracingSettings s = TracingSettings.from(config);
        if (!s.enabled()) {
            return OFF;
        }
        synchronized (SHARED) {
            Tracing t = SHARED.computeIfAbsent(s, Tracing::build);
            t.users++;
            return t;
        }
    }

    /**
     * Tracing into {@code exporter}, each span exported as it ends (no batching), sampling {@code ratio} of new
     * traces: for tests where export itself is not under test ({@code InMemorySpanExporter}), and for embedders.
     * {@link #release} shuts it down.
     */
    public static Tracing withExporter(SpanExporter exporter, double ratio) {
        SpanCounters counters = new SpanCounters();
        CountingExporter counting = new CountingExporter(exporter, "(in process)", counters);
        return live(provider(SimpleSpanProcessor.create(counting), counters, "wharf", Map.of(), ratio, null,
                QUEUE_CAPACITY));
    }

    /**
     * Tracing into {@code exporter} through the batch processor, at most {@code capacity} spans queued, every new
     * trace sampled: for tests of the queue itself. {@link #release} shuts it down.
     */
    static Tracing batched(SpanExporter exporter, int capacity, Duration interval) {
        return live(batched(exporter, "(in process)", capacity, interval, "wharf", Map.of(), 1, null));
    }

    /** Called under SHARED's lock. */
    private static Tracing build(TracingSettings s) {
        OtlpHttpSpanExporter otlp = OtlpHttpSpanExporter.builder().setEndpoint(s.endpoint().toString())
                .setTimeout(Duration.ofSeconds(10)).setRetryPolicy(RETRY).build();
        Tracing t = batched(otlp, s.endpoint().toString(), QUEUE_CAPACITY, s.exportInterval(), s.serviceName(),
                s.resourceAttributes(), s.samplingRatio(), s);
        LIVE.add(t);
        return t;
    }

    private static Tracing batched(SpanExporter exporter, String endpoint, int capacity, Duration interval,
                                   String service, Map<String, String> attributes, double ratio, TracingSettings key) {
        SpanCounters counters = new SpanCounters();
        CountingExporter counting = new CountingExporter(exporter, endpoint, counters);
        SpanProcessor batch = BatchSpanProcessor.builder(counting).setScheduleDelay(interval)
                .setMaxQueueSize(capacity).setMaxExportBatchSize(Math.min(512, capacity)).build();
        return provider(batch, counters, service, attributes, ratio, key, capacity);
    }

    private static Tracing provider(SpanProcessor processor, SpanCounters counters, String service,
                                    Map<String, String> attributes, double ratio, TracingSettings key, int capacity) {
        AttributesBuilder a = Attributes.builder();
        attributes.forEach(a::put);
        a.put(AttributeKey.stringKey("service.name"), service);
        Resource resource = Resource.getDefault().merge(Resource.create(a.build()));
        Sampler sampler = new CountingSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)), counters);
        SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource).setSampler(sampler)
                .addSpanProcessor(new QueueGate(processor, counters, capacity)).build();
        Tracing t = new Tracing(provider, provider.get(SCOPE), counters, key);
        t.users = key == null ? 1 : 0;
        return t;
    }

    private static Tracing live(Tracing t) {
        synchronized (SHARED) {
            LIVE.add(t);
        }
        return t;
    }

    public boolean enabled() {
        return provider != null;
    }

    /** The tracer of wharf's spans. @throws IllegalStateException when off: check {@link #enabled} first */
    public Tracer tracer() {
        if (tracer == null) {
            throw new IllegalStateException("tracing is off");
        }
        return tracer;
    }

    /** W3C {@code traceparent} and {@code tracestate}: to extract from requests and inject into outgoing ones. */
    public TextMapPropagator propagator() {
        return W3CTraceContextPropagator.getInstance();
    }

    /** Exports that failed since start (collector down or refusing). */
    public long failedExports() {
        return stats().exportFailures();
    }

    /** Spans lost with those exports. */
    public long droppedSpans() {
        return stats().droppedExport();
    }

    /** What this SDK did since it was built; {@link TracingStats#ZERO} when off. */
    public TracingStats stats() {
        return counters == null ? TracingStats.ZERO : counters.snapshot();
    }

    /**
     * What tracing did in this process: every SDK's counts summed, those shut down (a reload's) included, so no
     * count goes down; empty if tracing was never on here, so a server without it shows no tracing series.
     */
    public static Optional<TracingStats> processStats() {
        synchronized (SHARED) {
            if (retired == null && LIVE.isEmpty()) {
                return Optional.empty();
            }
            TracingStats sum = retired == null ? TracingStats.ZERO : retired;
            for (Tracing t : LIVE) {
                sum = sum.plus(t.stats());
            }
            return Optional.of(sum);
        }
    }

    /** Sends what is batched now, waiting up to {@code timeout}; true if it all went. */
    public boolean flush(Duration timeout) {
        return provider == null || provider.forceFlush().join(timeout.toMillis(), TimeUnit.MILLISECONDS).isSuccess();
    }

    /** Gives this back; the last user's release flushes the batch (up to 5 s) and shuts the SDK down. */
    public void release() {
        if (provider == null) {
            return;
        }
        synchronized (SHARED) {
            if (--users > 0) {
                return;
            }
            if (key != null) {
                SHARED.remove(key);
            }
        }
        provider.shutdown().join(5, TimeUnit.SECONDS);
        synchronized (SHARED) { // after the last export: its counts are final
            LIVE.remove(this);
            retired = (retired == null ? TracingStats.ZERO : retired).plus(stats());
        }
    }
}
