package io.wharf.http.ops;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;

/**
 * Formats {@link AccessRecord}s as one JSON object per line ({@code access_log_format = json}):
 * <pre>{"time":"2026-11-26T06:41:02.118Z","client":"127.0.0.1","user":"alice","request":"GET /a.html HTTP/1.1",
 * "status":200,"bytes_sent":1234,"referer":"http://ref/","user_agent":"curl/8.0","trace_id":"4bf9...","span_id":"00f0..."}</pre>
 * Absent fields are left out. Request text is one char per wire byte; Jackson escapes quotes, control characters
 * and everything past ASCII (as backslash-u escapes), so a client can forge neither a line nor a field, and the line is ASCII.
 *
 * <p>Threading: not thread-safe; owned by the log's writer thread.
 */
final class AccessLogJson {

    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final StringWriter buffer = new StringWriter(256);

    /** The line without its line terminator. */
    String format(AccessRecord r) {
        buffer.getBuffer().setLength(0);
        try (JsonGenerator g = JSON.createGenerator(buffer)) {
            g.writeStartObject();
            g.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(r.time()));
            optional(g, "client", r.client());
            optional(g, "user", r.user());
            optional(g, "request", r.requestLine());
            g.writeNumberField("status", r.status());
            g.writeNumberField("bytes_sent", r.bytesSent());
            optional(g, "referer", r.referer());
            optional(g, "user_agent", r.userAgent());
            optional(g, "trace_id", r.traceId());
            optional(g, "span_id", r.spanId());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return buffer.toString();
    }

    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (!value.isEmpty()) {
            g.writeStringField(name, value);
        }
    }
}
