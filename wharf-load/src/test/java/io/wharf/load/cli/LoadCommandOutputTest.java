package io.wharf.load.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.load.TestServer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code wharf load} prints: what it runs before it runs it, and what a failed reply said. */
class LoadCommandOutputTest {

    private static final String NOT_FOUND = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new LoadCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aWrongReplyShowsWhatTheServerSaid() throws Exception {
        try (TestServer server = new TestServer(TestServer.answer(NOT_FOUND))) {
            int code = run("http", "--port", Integer.toString(server.port()), "-c", "2", "-d", "300ms", "--warmup",
                    "0s");
            assertThat(code).isEqualTo(1);
            String heading = "wharf load http 127.0.0.1:" + server.port() + "/: 2 connections, 1 thread, 0.3 s, "
                    + "closed loop, keep-alive\n";
            assertThat(out.toString()).startsWith(heading).containsOnlyOnce("wharf load http")
                    .containsPattern("\n  failures  wrong reply [\\d,]+\n  e\\.g\\.      wrong reply: status 404\n$");
            assertThat(err.toString()).doesNotContain("wharf load http");
        }
    }

    @Test
    void withJsonTheHeadingGoesToStderrAndTheExamplesIntoTheJson() throws Exception {
        try (TestServer server = new TestServer(TestServer.answer(NOT_FOUND))) {
            int code = run("http", "--port", Integer.toString(server.port()), "-c", "2", "-d", "300ms", "--warmup",
                    "0s", "--json");
            assertThat(code).isEqualTo(1);
            JsonNode json = new ObjectMapper().readTree(out.toString());
            assertThat(json.get("failure_examples")).hasSize(1);
            assertThat(json.get("failure_examples").get(0).get("kind").asText()).isEqualTo("wrong_reply");
            assertThat(json.get("failure_examples").get(0).get("reply").asText()).isEqualTo("status 404");
            assertThat(err.toString()).startsWith("wharf load http 127.0.0.1:" + server.port() + "/: 2 connections");
        }
    }

    @Test
    void theLiveLineSaysWarmingUpUntilMeasuringStarts() {
        StringWriter text = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(text, true));
        line.update(500, 3000, 0, 0, 12_000);
        assertThat(text.toString()).contains("0.5/3.0 s  warming up ");
        text.getBuffer().setLength(0);
        line.measuring();
        line.update(1500, 3000, 9_000, 0, 12_000);
        assertThat(text.toString()).contains("1.5/3.0 s ").doesNotContain("warming up").contains("ok 9,000");
    }
}
