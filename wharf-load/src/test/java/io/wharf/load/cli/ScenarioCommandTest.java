package io.wharf.load.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.load.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code wharf load run}: short staged runs against test servers, their exit codes and the files of --out. */
class ScenarioCommandTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new LoadCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path scenario(String yaml) throws Exception {
        Path p = dir.resolve("s.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    @Test
    void aClosedLoopRampWritesEveryFileAndPassesItsThresholds() throws Exception {
        try (TestServer server = new TestServer(TestServer.echo(0))) {
            Path s = scenario("""
                    target: {protocol: echo, port: %d}
                    load: {churn: 5, timeout: 30s}
                    stages:
                      - {name: up, duration: 1s, from: 1, connections: 4}
                      - {name: hold, duration: 1s, connections: 4}
                    requests:
                      - {weight: 3, size: 16}
                      - {weight: 1, size: 300}
                    thresholds:
                      - errors == 0
                      - p99 < 30s
                    """.formatted(server.port()));
            Path report = dir.resolve("out");
            int code = run("run", s.toString(), "--out", report.toString());
            assertThat(code).as(out + "\n" + err).isZero();
            assertThat(out.toString()).contains("wharf load run s: echo 127.0.0.1:" + server.port(),
                    "pass  errors == 0 (overall): measured 0", "\n  up ", "\n  hold ", "\n  overall ");

            // the interval log reads back: one histogram per interval, every reply in them
            JsonNode json = new ObjectMapper().readTree(report.resolve("run.json").toFile());
            assertThat(json.get("passed").asBoolean()).isTrue();
            JsonNode intervals = json.get("intervals");
            assertThat(intervals.size()).isGreaterThanOrEqualTo(2);
            long replies = 0;
            for (JsonNode i : intervals) {
                replies += i.get("requests").asLong();
                assertThat(i.get("connections_open").asInt()).isBetween(0, 4);
            }
            assertThat(replies).isPositive().isEqualTo(json.get("overall").get("requests").asLong());
            HistogramLogReader reader = new HistogramLogReader(report.resolve("intervals.hlog").toString());
            long logged = 0;
            int histograms = 0;
            for (EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; histograms++) {
                logged += ((org.HdrHistogram.Histogram) h).getTotalCount();
            }
            assertThat(histograms).isEqualTo(intervals.size());
            assertThat(logged).isEqualTo(replies);
            assertThat(reader.getStartTimeSec()).isPositive();

            List<String> csv = Files.readAllLines(report.resolve("timeseries.csv"));
            assertThat(csv).hasSize(intervals.size() + 1);
            assertThat(csv.get(0)).startsWith("start_s,end_s,time,stage,stage_name,target,requests,rate,failures");
            String html = Files.readString(report.resolve("report.html"));
            assertThat(html).contains("<svg", "Throughput", "Latency by percentile", ">up<", ">hold<",
                    "pass  errors == 0").doesNotContain("<script", "src=", "href=");
            for (String png : List.of("throughput.png", "latency.png", "errors.png")) {
                assertThat(Files.size(report.resolve(png))).as(png).isGreaterThan(1000);
            }
        }
    }

    @Test
    void anOpenLoopRampSendsNoMoreThanItsTimetableAndAFailedThresholdExitsOne() throws Exception {
        try (TestServer server = new TestServer(TestServer.answer(OK))) {
            // 0 -> 200/s over 1 s, then 200/s for 0.5 s: 100 + 100 requests due in all
            Path s = scenario("""
                    target: {protocol: http, port: %d}
                    load: {connections: 4}
                    stages:
                      - {name: ramp, duration: 1s, from: 0, rate: 200}
                      - {name: flat, duration: 500ms, rate: 200}
                    requests:
                      - {method: POST, path: "/items/${id}", body: "n=${id}"}
                    variables:
                      id: {from: 1, to: 10}
                    thresholds:
                      - rate >= 1000000/s
                      - errors < 50%%
                    """.formatted(server.port()));
            int code = run("run", s.toString());
            assertThat(code).as(out + "\n" + err).isEqualTo(1);
            assertThat(out.toString()).containsPattern("FAIL  rate >= 1000000/s \\(overall\\): measured [\\d,]+/s")
                    .contains("pass  errors < 50% (overall): measured 0.000%");
            long replies = Long.parseLong(out.toString().replaceAll("(?s).*\n  overall +[\\d.]+s +([\\d,]+) .*", "$1")
                    .replace(",", ""));
            assertThat(replies).isPositive().isLessThanOrEqualTo(134); // replies/s over 1.5 s: 200 due, so 133
        }
    }

    @Test
    void aChatScenarioRampsItsMessagesAndCountsEveryDelivery() throws Exception {
        java.time.Clock clock = java.time.Clock.systemDefaultZone();
        io.wharf.chat.domain.ChatHub hub = new io.wharf.chat.domain.ChatHub(io.wharf.chat.domain.ChatSettings
                .defaults().withPasswordIterations(1000), io.wharf.chat.store.SqliteStore.open(":memory:"), clock);
        io.wharf.core.ServerSettings settings = io.wharf.core.ServerSettings.defaults(0, io.wharf.core.Model.EVENT)
                .withBindAddress("127.0.0.1");
        try (io.wharf.core.Server server = io.wharf.core.Server.start(settings,
                new io.wharf.chat.line.LineChat(hub, clock, 4096, 100, 100), new io.wharf.core.stats.ServerStats())) {
            Path s = scenario("""
                    target: {protocol: chat, port: %d, rooms: 2}
                    load: {connections: 10, timeout: 30s}
                    stages:
                      - {name: up, duration: 1s, from: 5, rate: 40}
                      - {name: hold, duration: 1s, rate: 40}
                    requests:
                      - size: 80
                    thresholds:
                      - errors == 0
                    """.formatted(server.localAddress().getPort()));
            Path report = dir.resolve("chat-out");
            int code = run("run", s.toString(), "--out", report.toString());
            assertThat(code).as(out + "\n" + err).isZero();
            assertThat(out.toString()).contains("chat 127.0.0.1:", "10 clients in 2 rooms",
                    "chat: 10 of 10 clients joined", " 0 lost, 0 duplicated", "pass  errors == 0");
            JsonNode json = new ObjectMapper().readTree(report.resolve("run.json").toFile());
            long deliveries = 0;
            for (JsonNode i : json.get("intervals")) {
                deliveries += i.get("requests").asLong();
            }
            // 22.5 + 40 messages due, each delivered to the 5 members of its room
            assertThat(deliveries).isPositive().isLessThanOrEqualTo(63 * 5);
            assertThat(json.get("late_failures").asLong()).isZero();
        }
    }

    @Test
    void aBadScenarioIsOneLineAndExitTwo() throws Exception {
        Path s = scenario("target: {protocol: echo}\nstages:\n  - {duration: 1s, rate: 5, conections: 3}\n");
        assertThat(run("run", s.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("wharf: " + s + ":3: stages[1].conections: unknown key (did you mean "
                + "'connections'?)" + System.lineSeparator());
        assertThat(run("run", dir.resolve("missing.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing.yaml: cannot read");
    }

    @Test
    void theShippedExamplesRunShortened() throws Exception {
        Files.copy(Path.of("../conf/scenarios/users.csv"), dir.resolve("users.csv"));
        try (TestServer echo = new TestServer(TestServer.echo(0));
             TestServer http = new TestServer(TestServer.answer(OK))) {
            for (String name : List.of("echo.yaml", "echo-raw.yaml", "http.yaml")) {
                String text = Files.readString(Path.of("../conf/scenarios", name))
                        .replaceAll("duration: \\d+s", "duration: 300ms")
                        .replaceAll("(?m)^  port: \\d+", "  port: " + (name.equals("http.yaml") ? http : echo).port())
                        .replaceAll("(rate|from): (\\d+)", "$1: 50") // gentle on a shared machine
                        .replaceAll("connections: 200", "connections: 3");
                Path copy = dir.resolve(name);
                Files.writeString(copy, text);
                out.getBuffer().setLength(0);
                int code = run("run", copy.toString());
                assertThat(code).as(name + ": " + out + err).isIn(0, 1); // thresholds may fail on a loaded machine
                assertThat(out.toString()).as(name).contains("\n  overall ", "thresholds\n");
                assertThat(err.toString()).as(name).isEmpty();
            }
        }
    }
}
