package io.wharf.http.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code access_log_format = json}: one parseable, ASCII object per line, whatever the client sent. */
class AccessLogJsonTest {

    private final AccessLogJson format = new AccessLogJson();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyFieldWithTheTraceIds() throws Exception {
        AccessRecord r = new AccessRecord("127.0.0.1", "alice", Instant.parse("2026-11-26T06:41:02.118Z"),
                "GET /a.html HTTP/1.1", 200, 1234, "http://ref/", "curl/8.0")
                .traced("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
        String line = format.format(r);
        assertThat(line).isEqualTo("{\"time\":\"2026-11-26T06:41:02.118Z\",\"client\":\"127.0.0.1\",\"user\":\"alice\","
                + "\"request\":\"GET /a.html HTTP/1.1\",\"status\":200,\"bytes_sent\":1234,\"referer\":\"http://ref/\","
                + "\"user_agent\":\"curl/8.0\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
                + "\"span_id\":\"00f067aa0ba902b7\"}");
    }

    @Test
    void absentFieldsAreLeftOut() throws Exception {
        JsonNode n = json.readTree(format.format(new AccessRecord("::1", "", Instant.EPOCH, "", 400, 0, "", "")));
        assertThat(n.has("user")).isFalse();
        assertThat(n.has("request")).isFalse();
        assertThat(n.has("trace_id")).isFalse();
        assertThat(n.get("status").asInt()).isEqualTo(400);
    }

    @Test
    void aClientCannotForgeALineOrAField() throws Exception {
        String evil = "GET /\"}\n{\"status\":999 \u00e9\u0001 HTTP/1.1";
        String line = format.format(new AccessRecord("127.0.0.1", "", Instant.EPOCH, evil, 200, 5, "", "x\r\ny"));
        assertThat(line).doesNotContain("\n", "\r").matches("\\p{ASCII}*");
        JsonNode n = json.readTree(line);
        assertThat(n.get("request").asText()).isEqualTo(evil);
        assertThat(n.get("status").asInt()).isEqualTo(200);
        assertThat(n.get("user_agent").asText()).isEqualTo("x\r\ny");
    }
}
