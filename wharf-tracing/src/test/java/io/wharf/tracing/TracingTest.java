package io.wharf.tracing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.config.TracingKeys;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The SDK from {@code [tracing]}, exporting to a real OTLP/HTTP receiver. */
class TracingTest {

    private static Config config(String... kv) throws Exception {
        Config c = Config.defaults(CoreKeys.schema());
        for (int i = 0; i < kv.length; i += 2) {
            ConfigKey<?> key = c.schema().find("tracing", kv[i]).orElseThrow();
            c = c.override(key, kv[i + 1], "test");
        }
        return c;
    }

    @Test
    void offBuildsNothing() throws Exception {
        Tracing t = Tracing.acquire(config());
        assertThat(t).isSameAs(Tracing.off());
        assertThat(t.enabled()).isFalse();
        t.release();
    }

    @Test
    void exportsOverOtlpHttpWithTheResource() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            Tracing t = Tracing.acquire(config("enabled", "on", "endpoint", receiver.endpoint(), "service_name", "edge",
                    "resource_attributes", "deployment.environment=test", "export_interval", "100ms"));
            Span span = t.tracer().spanBuilder("work").startSpan();
            span.end();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 1);
            OtlpReceiver.Received r = receiver.spans().getFirst();
            assertThat(r.name()).isEqualTo("work");
            assertThat(r.traceId()).isEqualTo(span.getSpanContext().getTraceId());
            assertThat(r.resource()).containsEntry("service.name", "edge")
                    .containsEntry("deployment.environment", "test");
            t.release();
        }
    }

    @Test
    void equalSettingsShareOneSdkUntilTheLastRelease() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            Config c = config("enabled", "on", "endpoint", receiver.endpoint(), "export_interval", "1h");
            Tracing a = Tracing.acquire(c);
            Tracing b = Tracing.acquire(c);
            assertThat(a).isSameAs(b);
            a.tracer().spanBuilder("one").startSpan().end();
            a.release();
            assertThat(receiver.spans()).isEmpty(); // b still holds it: nothing flushed, nothing shut down
            b.release(); // the last: flushes the batch
            assertThat(receiver.spans()).extracting(OtlpReceiver.Received::name).containsExactly("one");
        }
    }

    @Test
    void samplingZeroKeepsNoNewTraceAndOneKeepsAll() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            Tracing none = Tracing.acquire(config("enabled", "on", "endpoint", receiver.endpoint(),
                    "sampling_ratio", "0"));
            for (int i = 0; i < 50; i++) {
                Span s = none.tracer().spanBuilder("dropped").startSpan();
                assertThat(s.getSpanContext().isSampled()).isFalse();
                s.end();
            }
            none.release();
            Tracing all = Tracing.acquire(config("enabled", "on", "endpoint", receiver.endpoint(),
                    "sampling_ratio", "1"));
            for (int i = 0; i < 50; i++) {
                all.tracer().spanBuilder("kept").startSpan().end();
            }
            all.release();
            assertThat(receiver.spans()).hasSize(50).allMatch(r -> r.name().equals("kept"));
        }
    }

    @Test
    void aCollectorThatIsDownIsCountedAndLoggedOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Logger logger = (Logger) LoggerFactory.getLogger("wharf.tracing");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            Tracing t = Tracing.acquire(config("enabled", "on", "endpoint", "http://127.0.0.1:" + port + "/v1/traces",
                    "export_interval", "50ms"));
            for (int i = 0; i < 3; i++) {
                Span span = t.tracer().spanBuilder("lost").startSpan();
                span.end(); // ending a span never waits for the exporter
                t.flush(Duration.ofSeconds(10));
            }
            // the batch processor may send the three in one, two or three exports: every span is lost, counted
            await().atMost(Duration.ofSeconds(30)).until(() -> t.droppedSpans() == 3);
            assertThat(t.failedExports()).isBetween(1L, 3L);
            assertThat(lines.list).hasSize(1);
            assertThat(lines.list.getFirst().getFormattedMessage())
                    .contains("tracing: cannot export", "127.0.0.1:" + port, "requests are not affected");
            t.release();
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void everySpanIsCountedStartedAndTheSampledOnesExported() {
        TracingStats before = Tracing.processStats().orElse(TracingStats.ZERO);
        Tracing all = Tracing.withExporter(InMemorySpanExporter.create(), 1);
        Tracing none = Tracing.withExporter(InMemorySpanExporter.create(), 0);
        for (int i = 0; i < 3; i++) {
            all.tracer().spanBuilder("kept").startSpan().end();
        }
        for (int i = 0; i < 5; i++) {
            none.tracer().spanBuilder("dropped").startSpan().end();
        }
        assertThat(all.stats()).isEqualTo(new TracingStats(3, 3, 3, 0, 0, 0));
        assertThat(none.stats()).isEqualTo(new TracingStats(5, 0, 0, 0, 0, 0));
        all.release();
        none.release();
        // released SDKs leave their counts in the process's: a count never goes down
        TracingStats after = Tracing.processStats().orElseThrow();
        assertThat(after.started() - before.started()).isEqualTo(8);
        assertThat(after.sampled() - before.sampled()).isEqualTo(3);
        assertThat(after.exported() - before.exported()).isEqualTo(3);
    }

    /** A collector slower than the server: spans past the queue's capacity are dropped and counted, never waited for. */
    @Test
    void aFullQueueDropsTheSpansThatEndAndCountsThem() {
        StuckExporter stuck = new StuckExporter();
        Tracing t = Tracing.batched(stuck, 4, Duration.ofMillis(10));
        t.tracer().spanBuilder("first").startSpan().end();
        await().atMost(Duration.ofSeconds(10)).until(() -> stuck.waiting.size() == 1); // the exporter holds it
        for (int i = 0; i < 10; i++) {
            t.tracer().spanBuilder("more").startSpan().end(); // returns at once: no room is waited for
        }
        assertThat(t.stats().droppedQueueFull()).isEqualTo(6); // 4 fit in the queue
        stuck.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> t.stats().exported() == 5);
        assertThat(t.stats()).isEqualTo(new TracingStats(11, 11, 5, 6, 0, 0));
        t.release();
    }

    /** Holds every export until {@link #release}, then accepts them all, and the later ones at once. */
    private static final class StuckExporter implements SpanExporter {
        final List<CompletableResultCode> waiting = new CopyOnWriteArrayList<>();
        private volatile boolean stuck = true;

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            if (!stuck) {
                return CompletableResultCode.ofSuccess();
            }
            CompletableResultCode r = new CompletableResultCode();
            waiting.add(r);
            return r;
        }

        void release() {
            stuck = false;
            waiting.forEach(CompletableResultCode::succeed);
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    @Test
    void aScopePutsTheIdsInTheMdcAndTakesThemOut() {
        Tracing t = Tracing.withExporter(InMemorySpanExporter.create(), 1);
        Span outer = t.tracer().spanBuilder("outer").startSpan();
        try (TraceScope a = TraceScope.enter(outer)) {
            assertThat(MDC.get("trace_id")).isEqualTo(outer.getSpanContext().getTraceId());
            Span inner = t.tracer().spanBuilder("inner").startSpan();
            assertThat(inner.getSpanContext().getTraceId()).isEqualTo(outer.getSpanContext().getTraceId());
            try (TraceScope b = TraceScope.enter(inner)) {
                assertThat(MDC.get("span_id")).isEqualTo(inner.getSpanContext().getSpanId());
            }
            assertThat(MDC.get("span_id")).isEqualTo(outer.getSpanContext().getSpanId());
        }
        assertThat(MDC.get("trace_id")).isNull();
        assertThat(Span.current().getSpanContext().isValid()).isFalse();
        t.release();
    }
}
