package io.wharf.load.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.load.ChatReport;
import io.wharf.load.ChatSpec;
import io.wharf.load.FailureKind;
import java.util.Locale;

/** A {@link ChatReport} as JSON: the spec, counts, rates and percentiles (microseconds), one object. */
public final class ChatReportJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ChatReportJson() {
    }

    public static String render(ChatReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        ChatSpec s = r.spec();
        ObjectNode spec = root.putObject("spec");
        spec.put("target", s.webSocket() ? "ws-chat" : "chat");
        if (s.webSocket()) {
            spec.put("path", s.wsPath());
        }
        spec.put("host", s.host());
        spec.put("port", s.port());
        spec.put("clients", s.clients());
        spec.put("rooms", s.rooms());
        spec.put("rate_per_client", s.rate());
        spec.put("threads", s.effectiveThreads());
        spec.put("duration_s", s.duration().toMillis() / 1000.0);
        spec.put("warmup_s", s.warmup().toMillis() / 1000.0);
        spec.put("message_size", s.messageSize());
        spec.put("timeout_s", s.timeout().toMillis() / 1000.0);
        root.put("joined", r.joined());
        root.put("setup_s", r.setup().toNanos() / 1e9);
        root.put("sent", r.sent());
        root.put("sent_per_second", r.sentPerSecond());
        root.put("deliveries", r.deliveries());
        root.put("deliveries_expected", r.expected());
        root.put("deliveries_per_second", r.deliveriesPerSecond());
        root.put("lost", r.lost());
        root.put("duplicated", r.duplicates());
        root.put("out_of_order", r.late());
        root.put("server_errors", r.serverErrors());
        root.put("first_error", r.firstError());
        root.put("other_lines", r.otherLines());
        ObjectNode failures = root.putObject("failures");
        for (FailureKind k : FailureKind.values()) {
            failures.put(k.name().toLowerCase(Locale.ROOT), r.failures().get(k));
        }
        root.put("total_failures", r.totalFailures());
        ReportJson.examples(root, r.failureExamples());
        root.put("connections_opened", r.connectionsOpened());
        ReportJson.histogram(root.putObject("latency_us"), r.latencyMicros());
        ReportJson.histogram(root.putObject("connect_us"), r.connectMicros());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }
}
