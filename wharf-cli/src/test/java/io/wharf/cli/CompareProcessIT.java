package io.wharf.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wharf compare} as a user runs it from the packaged jar: real server processes, a complete report. */
class CompareProcessIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoModelsAtSmallScaleProduceACompleteReport(@TempDir Path out) throws Exception {
        try (WharfProcess w = WharfProcess.start("compare", "echo", "--models", "event,thread", "--clients", "1,5",
                "--duration", "1s", "--warmup", "0s", "--idle", "20", "--out", out.toString())) {
            assertThat(w.awaitExit(Duration.ofSeconds(90))).as(w.output()).isZero();
            assertThat(w.output()).contains("compare: 4/4 thread @ 5 clients", "Throughput (requests/s)",
                    "| Load level | event", "p99 latency", "Models", "report: " + out.resolve("compare.html"));
        }
        for (String f : new String[] {"compare.json", "compare-cells.csv", "compare-models.csv", "compare.html"}) {
            assertThat(out.resolve(f)).isNotEmptyFile();
        }
        for (String png : new String[] {"throughput.png", "p99.png", "memory.png"}) {
            assertThat(ImageIO.read(out.resolve(png).toFile())).as(png).isNotNull();
        }
        JsonNode json = JSON.readTree(out.resolve("compare.json").toFile());
        assertThat(json.get("models")).extracting(m -> m.get("model").asText()).containsExactly("event", "thread");
        for (JsonNode model : json.get("models")) {
            assertThat(model.get("cells")).hasSize(2);
            for (JsonNode cell : model.get("cells")) {
                assertThat(cell.get("clean").asBoolean()).as(cell.toString()).isTrue();
                assertThat(cell.get("successes").asLong()).isPositive();
                assertThat(cell.get("server_peak").get("rss_bytes").asLong()).isPositive();
                assertThat(cell.get("server_peak").get("fds").asInt()).isPositive();
            }
            assertThat(model.get("max_clients_held").asInt()).isEqualTo(5);
            // the server took every idle socket; what each costs is the machine's to say
            assertThat(model.get("memory").get("held").asInt()).isEqualTo(20);
        }
        // the thread model holds a thread per open connection, the event model one loop for all of them
        JsonNode threadPeak = json.get("models").get(1).get("cells").get(1).get("server_peak");
        JsonNode eventPeak = json.get("models").get(0).get("cells").get(1).get("server_peak");
        assertThat(threadPeak.get("threads").asInt()).isGreaterThanOrEqualTo(eventPeak.get("threads").asInt() + 4);
        assertThat(Files.readString(out.resolve("compare.html"))).contains("Chart.js v", "\"model\" : \"thread\"");
        // each cell over time, as wharf load run reports it, linked from the matrix
        assertThat(Files.readString(out.resolve("compare.html"))).contains("href=\"cells/event-5/report.html\"");
        for (String cell : new String[] {"event-1", "event-5", "thread-1", "thread-5"}) {
            assertThat(Files.readString(out.resolve("cells/" + cell + "/report.html"))).as(cell)
                    .contains("<svg", "Throughput", "Saturation");
            assertThat(Files.readAllLines(out.resolve("cells/" + cell + "/timeseries.csv"))).as(cell).hasSizeGreaterThan(1);
            JsonNode run = JSON.readTree(out.resolve("cells/" + cell + "/run.json").toFile());
            assertThat(run.get("system").get(0).get("server_rss_bytes").asLong()).as(cell).isPositive();
            assertThat(run.get("system").get(0).get("gc_pauses").asInt()).as(cell).isNotNegative(); // its GC log
        }
        assertThat(Files.readString(out.resolve("logs/gc-event.log"))).contains("[gc]", "Using");
        // each server's own output: it listened, took the load's connections, and stopped when told
        for (String model : new String[] {"event", "thread"}) {
            assertThat(Files.readString(out.resolve("logs/server-" + model + ".log"))).as(model)
                    .contains("listening on 127.0.0.1:", "(" + model + " model", "conn#", "stopped");
        }
    }

    @Test
    void theMultiProcessModelsAreMeasuredAcrossTheirProcesses(@TempDir Path out) throws Exception {
        try (WharfProcess w = WharfProcess.start("compare", "echo", "--models", "prefork,process", "--clients", "2",
                "--duration", "1s", "--warmup", "0s", "--idle", "3", "--serve-arg=--workers=2", "--out",
                out.toString())) {
            // the process model's 5 spares start before its probe, and a second server probes it without spares
            assertThat(w.awaitExit(Duration.ofSeconds(300))).as(w.output()).isZero();
            assertThat(w.output()).contains("New connection", "Peak processes");
        }
        JsonNode json = JSON.readTree(out.resolve("compare.json").toFile());
        JsonNode prefork = json.get("models").get(0);
        JsonNode process = json.get("models").get(1);
        // prefork: the master and its two workers, sampled as one server; the idle sockets spread over the workers
        assertThat(prefork.get("cells").get(0).get("server_peak").get("processes").asInt()).isEqualTo(3);
        assertThat(prefork.get("memory").get("held").asInt()).isEqualTo(3);
        assertThat(prefork.get("max_clients_held").asInt()).isEqualTo(2);
        // process: a child per client, each a JVM that the probe of new connections waited for
        assertThat(process.get("cells").get(0).get("clean").asBoolean()).as(process.toString()).isTrue();
        assertThat(process.get("cells").get(0).get("server_peak").get("processes").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(process.get("memory").get("held").asInt()).isEqualTo(3);
        assertThat(process.get("new_connection_micros").asLong()).isPositive();
        // and without spares, from a server of its own: every probe a JVM start
        assertThat(process.get("new_connection_no_spare_micros").asLong()).isPositive();
        assertThat(prefork.get("new_connection_no_spare_micros").asLong()).isEqualTo(-1);
        assertThat(Files.readString(out.resolve("logs/server-process-no-spares.log"))).contains("conn#");
    }

    @Test
    void aModelThatCannotHoldTheLoadIsReportedNotDropped(@TempDir Path out) throws Exception {
        try (WharfProcess w = WharfProcess.start("compare", "echo", "--models", "iterative", "--clients", "1,3",
                "--duration", "1s", "--warmup", "0s", "--timeout", "300ms", "--idle", "0", "--out", out.toString())) {
            assertThat(w.awaitExit(Duration.ofSeconds(60))).as(w.output()).isZero();
            // one client is served; the other two wait behind it in the backlog until they time out
            assertThat(w.output()).containsPattern("\\| 3 clients +\\| [\\d,]+ \\(timeout×\\d+\\)");
        }
        JsonNode iterative = JSON.readTree(out.resolve("compare.json").toFile()).get("models").get(0);
        assertThat(iterative.get("max_clients_held").asInt()).isEqualTo(1);
        assertThat(iterative.get("cells").get(1).get("failures").get("timeout").asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void httpServesAGeneratedFile(@TempDir Path out) throws Exception {
        try (WharfProcess w = WharfProcess.start("compare", "http", "--models", "event", "--clients", "2",
                "--duration", "1s", "--warmup", "0s", "--idle", "0", "--out", out.toString())) {
            assertThat(w.awaitExit(Duration.ofSeconds(60))).as(w.output()).isZero();
        }
        assertThat(out.resolve("htdocs/1k.bin")).hasSize(1024);
        JsonNode cell = JSON.readTree(out.resolve("compare.json").toFile()).get("models").get(0).get("cells").get(0);
        assertThat(cell.get("clean").asBoolean()).as(cell.toString()).isTrue();
    }
}
