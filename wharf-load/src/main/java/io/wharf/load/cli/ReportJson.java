package io.wharf.load.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.load.FailureExample;
import io.wharf.load.FailureKind;
import io.wharf.load.LoadReport;
import io.wharf.load.LoadSpec;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** A {@link LoadReport} as JSON: the spec, counts, rates and percentiles (microseconds), one object. */
public final class ReportJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private ReportJson() {
    }

    public static String render(LoadReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        LoadSpec s = r.spec();
        ObjectNode spec = root.putObject("spec");
        spec.put("target", ReportText.name(s));
        spec.put("host", s.host());
        spec.put("port", s.port());
        spec.put("connections", s.connections());
        spec.put("threads", s.effectiveThreads());
        spec.put("duration_s", s.duration().toMillis() / 1000.0);
        spec.put("requests", s.requests());
        spec.put("warmup_s", s.warmup().toMillis() / 1000.0);
        spec.put("message_size", s.messageSize());
        spec.put("rate", s.rate());
        spec.put("http_path", s.httpPath());
        spec.put("keep_alive", s.keepAlive());
        spec.put("timeout_s", s.timeout().toMillis() / 1000.0);
        spec.put("tls", s.tls().on());
        spec.put("tls_insecure", s.tls().insecure());
        root.put("successes", r.successes());
        ObjectNode failures = root.putObject("failures");
        for (FailureKind k : FailureKind.values()) {
            failures.put(k.name().toLowerCase(Locale.ROOT), r.failures().get(k));
        }
        root.put("total_failures", r.totalFailures());
        examples(root, r.failureExamples());
        root.put("elapsed_s", r.elapsed().toNanos() / 1e9);
        root.put("requests_per_second", r.requestsPerSecond());
        root.put("bytes_per_second", r.bytesPerSecond());
        root.put("bytes_sent", r.bytesSent());
        root.put("bytes_received", r.bytesReceived());
        root.put("connections_opened", r.connectionsOpened());
        root.put("connects_measured", r.connectsMeasured());
        root.put("connects_per_second", r.connectsPerSecond());
        histogram(root.putObject("latency_us"), r.latencyMicros());
        histogram(root.putObject("connect_us"), r.connectMicros());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

    /** {@code "failure_examples": [{"kind": "wrong_reply", "reply": "status 404"}]}. */
    static void examples(ObjectNode root, java.util.List<FailureExample> examples) {
        var array = root.putArray("failure_examples");
        for (FailureExample e : examples) {
            array.addObject().put("kind", e.kind().name().toLowerCase(Locale.ROOT)).put("reply", e.reply());
        }
    }

    static void histogram(ObjectNode node, Histogram h) {
        node.put("count", h.getTotalCount());
        boolean any = h.getTotalCount() > 0;
        for (double p : PERCENTILES) {
            node.put("p" + (p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p).replace('.', '_')),
                    any ? h.getValueAtPercentile(p) : 0);
        }
        node.put("max", any ? h.getMaxValue() : 0);
        node.put("mean", any ? h.getMean() : 0);
    }
}
