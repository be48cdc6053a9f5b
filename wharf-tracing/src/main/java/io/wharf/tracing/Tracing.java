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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

/**
 * The process's tracing, protocol-neutral: an OpenTelemetry SDK built from {@code [tracing]} (OTLP/HTTP protobuf
 * export through the JDK's HttpClient, batched; parent-based TraceIdRatio sampling; W3C trace context), or
 * {@link #off()}, which builds nothing. A protocol takes one at start ({@link #acquire}) and gives it back at
 * shutdown ({@link #release}); listeners with the same settings share one SDK, and the last release flushes
 * what is batched. When off, a protocol keeps no tracer at all, so its hot path costs one field check.
 *
 * <p>Threading: everything here is safe from any thread; {@link #acquire} and {@link #release} are serialised.
 */
public final class Tracing {

    /** The instrumentation scope of every wharf span. */
    public static final String SCOPE = "io.wharf";
    private static final Tracing OFF = new Tracing(null, null, null, null);
    private static final Map<TracingSettings, Tracing> SHARED = new HashMap<>();
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
    private final CountingExporter exporter;
    private final TracingSettings key;
    private int users;

    private Tracing(SdkTracerProvider provider, Tracer tracer, CountingExporter exporter, TracingSettings key) {
        this.provider = provider;
        this.tracer = tracer;
        this.exporter = exporter;
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
        CountingExporter counting = new CountingExporter(exporter, "(in process)");
        return provider(SimpleSpanProcessor.create(counting), counting, "wharf", Map.of(), ratio, null);
    }

    private static Tracing build(TracingSettings s) {
        OtlpHttpSpanExporter otlp = OtlpHttpSpanExporter.builder().setEndpoint(s.endpoint().toString())
                .setTimeout(Duration.ofSeconds(10)).setRetryPolicy(RETRY).build();
        CountingExporter counting = new CountingExporter(otlp, s.endpoint().toString());
        SpanProcessor batch = BatchSpanProcessor.builder(counting).setScheduleDelay(s.exportInterval())
                .setMaxQueueSize(8192).setMaxExportBatchSize(512).build();
        return provider(batch, counting, s.serviceName(), s.resourceAttributes(), s.samplingRatio(), s);
    }

    private static Tracing provider(SpanProcessor processor, CountingExporter exporter, String service,
                                    Map<String, String> attributes, double ratio, TracingSettings key) {
        AttributesBuilder a = Attributes.builder();
        attributes.forEach(a::put);
        a.put(AttributeKey.stringKey("service.name"), service);
        Resource resource = Resource.getDefault().merge(Resource.create(a.build()));
        SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource)
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio))).addSpanProcessor(processor).build();
        Tracing t = new Tracing(provider, provider.get(SCOPE), exporter, key);
        t.users = key == null ? 1 : 0;
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
        return exporter == null ? 0 : exporter.failedExports();
    }

    /** Spans lost with those exports. */
    public long droppedSpans() {
        return exporter == null ? 0 : exporter.droppedSpans();
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
    }
}
