package io.wharf.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.wharf.core.config.Config;
import io.wharf.core.config.CoreKeys;
import io.wharf.tracing.TraceScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code [logging] format = json}: one JSON object per line, with the span's ids on lines written inside one. */
class LogSetupJsonTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @TempDir
    Path dir;

    @AfterEach
    void backToText() {
        LogSetup.apply(Config.defaults(CoreKeys.schema()));
    }

    @Test
    void linesInsideASpanCarryTraceAndSpanIds() throws Exception {
        Path file = dir.resolve("server.log");
        Config c = Config.defaults(CoreKeys.schema()).override(CoreKeys.LOG_FORMAT, "json", "test")
                .override(CoreKeys.LOG_FILE, file.toString(), "test");
        LogSetup.apply(c);
        org.slf4j.Logger log = LoggerFactory.getLogger("wharf.test");
        log.info("outside");
        Span span = Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()));
        try (TraceScope scope = TraceScope.enter(span)) {
            log.warn("inside \"quoted\"");
        }
        log.info("after");
        backToText(); // stops the file appender: flushed

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        JsonNode outside = json.readTree(lines.get(0));
        JsonNode inside = json.readTree(lines.get(1));
        JsonNode after = json.readTree(lines.get(2));
        assertThat(outside.get("message").asText()).isEqualTo("outside");
        assertThat(outside.has("trace_id")).isFalse();
        assertThat(inside.get("message").asText()).isEqualTo("inside \"quoted\"");
        assertThat(inside.get("level").asText()).isEqualTo("WARN");
        assertThat(inside.get("logger_name").asText()).isEqualTo("wharf.test");
        assertThat(inside.get("trace_id").asText()).isEqualTo(TRACE);
        assertThat(inside.get("span_id").asText()).isEqualTo(SPAN);
        assertThat(inside.has("@timestamp")).isTrue();
        assertThat(after.has("trace_id")).isFalse();
    }
}
