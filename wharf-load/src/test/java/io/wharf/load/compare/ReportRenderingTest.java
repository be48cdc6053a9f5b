package io.wharf.load.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every output of a comparison, rendered from a fixed result set. */
class ReportRenderingTest {

    private final CompareResult result = Fixtures.result();

    @Test
    void throughputTableHasALoadLevelPerRowAndAModelPerColumnWithFailuresShown() {
        Tables.Table t = Tables.throughput(result);
        assertThat(t.header()).containsExactly("Load level", "event", "iterative");
        assertThat(t.rows()).containsExactly(
                List.of("1 client", "12,346", "9,876"),
                List.of("10 clients", "45,679", "9,001 (timeout×9)"));
    }

    @Test
    void p99TableAndModelMatrix() {
        assertThat(Tables.p99(result).rows().get(1)).containsExactly("10 clients", "410µs", "170µs (timeout×9)");
        Tables.Table models = Tables.models(result);
        assertThat(models.rows().get(0)).containsExactly("event", "10", "2.0 KiB", "1000/1000", "180µs", "64.0 MiB",
                "1", "14", "40", "98%");
        // timeouts at 10 clients: the iterative model held 1 client cleanly, and 1 of the 1000 idle sockets, whose
        // 4 KiB are within the JVM's own noise: no figure rather than "4.0 KiB" or "0 B"
        assertThat(models.rows().get(1)).containsExactly("iterative", "1", "below measurement", "1/1000 (backlog)",
                "150µs", "51.0 MiB", "1", "12", "21", "41%");
    }

    @Test
    void notesSayWhyFewerWereHeldAndWhyThereIsNoFigure() {
        assertThat(Tables.notes(result)).containsExactly(
                "iterative held 1 of 1,000 idle connections: the server accepted 1; the other 999 wait in its backlog",
                "iterative: memory per connection below measurement: 1 idle connection moved resident memory by "
                        + "4.0 KiB, less than the 256.0 KiB a JVM moves by on its own; measure with more (--idle 1000 "
                        + "or more)");
        assertThat(Tables.text(result)).endsWith("\n- " + Tables.notes(result).get(1) + "\n");
        assertThat(HtmlReport.render(result)).contains("<li>iterative held 1 of 1,000 idle connections");
    }

    @Test
    void terminalTextIsMarkdownTablesUnderHeadings() {
        String text = Tables.text(result);
        assertThat(text).startsWith("wharf compare echo: 1.0s per cell after 0.0s warm-up; 2 cores")
                .contains("Throughput (requests/s)\n| Load level | event  | iterative         |\n"
                        + "| ---------- | ------ | ----------------- |\n"
                        + "| 1 client   | 12,346 | 9,876             |\n")
                .contains("p99 latency\n", "Models\n| Model ");
    }

    @Test
    void csvHasARowPerCellAndPerModel() {
        List<String> cells = DataFiles.cellsCsv(result).lines().toList();
        assertThat(cells).hasSize(5);
        assertThat(cells.get(0)).startsWith("model,clients,requests_per_second,successes,failures,failure_kinds");
        assertThat(cells).contains("iterative,10,9001.0,9001,9,timeout=9,80,100,170,420,1100,53477376,12,21,41.0,");
        List<String> models = DataFiles.modelsCsv(result).lines().toList();
        assertThat(models).containsExactly(
                "model,max_clients_held,idle_requested,idle_opened,idle_held,idle_shortfall,rss_at_zero_bytes,"
                        + "rss_at_held_bytes,memory_per_connection_bytes,memory_below_measurement,new_connection_us,"
                        + "new_connection_back_to_back_us,new_connection_no_spare_us,problem",
                "event,10,1000,1000,1000,none,62914560,64962560,2048,false,180,-1,-1,",
                "iterative,1,1000,1000,1,backlog,52428800,52432896,4096,true,150,-1,-1,");
        assertThat(DataFiles.csv("a,\"b\"")).isEqualTo("\"a,\"\"b\"\"\"");
    }

    @Test
    void jsonCarriesEveryCellAndTheDerivedMaxima() throws Exception {
        JsonNode json = new ObjectMapper().readTree(DataFiles.json(result));
        assertThat(json.get("protocol").asText()).isEqualTo("echo");
        assertThat(json.get("models")).hasSize(2);
        JsonNode iterative = json.get("models").get(1);
        assertThat(iterative.get("max_clients_held").asInt()).isEqualTo(1);
        assertThat(iterative.get("memory").get("bytes_per_connection").asLong()).isEqualTo(4096);
        assertThat(iterative.get("memory").get("below_measurement").asBoolean()).isTrue();
        assertThat(iterative.get("memory").get("shortfall").asText()).isEqualTo("backlog");
        JsonNode failing = iterative.get("cells").get(1);
        assertThat(failing.get("failures").get("timeout").asLong()).isEqualTo(9);
        assertThat(failing.get("clean").asBoolean()).isFalse();
        assertThat(failing.get("p99_micros").asLong()).isEqualTo(170);
        assertThat(failing.get("server_peak").get("threads").asInt()).isEqualTo(12);
    }

    @Test
    void everyJsonKeyIsSnakeCaseAsInLoadJson() throws Exception {
        List<String> keys = new java.util.ArrayList<>();
        collectKeys(new ObjectMapper().readTree(DataFiles.json(result)), keys);
        assertThat(keys).isNotEmpty().allMatch(k -> k.matches("[a-z][a-z0-9_]*"), "snake_case");
        assertThat(keys).contains("requests_per_second", "server_peak", "rss_bytes", "new_connection_micros",
                "max_clients_held", "timeout");
    }

    private static void collectKeys(JsonNode node, List<String> keys) {
        node.fieldNames().forEachRemaining(keys::add);
        node.elements().forEachRemaining(child -> collectKeys(child, keys));
    }

    @Test
    void htmlIsSelfContainedWithTheDataTablesAndChartJsInlined() {
        String html = HtmlReport.render(result);
        assertThat(html).contains("<canvas id=\"throughput\">", "<canvas id=\"p99\">", "<canvas id=\"memory\">")
                .contains("\"requests_per_second\" : 45678.9", "<td>9,001 (timeout×9)</td>")
                .contains("Chart.js v4.5.1")
                // the charts read the same snake_case JSON as everyone else
                .contains("c.requests_per_second", "c.p99_micros", "m.memory.bytes_per_connection")
                .doesNotContain("requestsPerSecond", "p99Micros", "bytesPerConnection")
                .doesNotContain("<script src", "<link ", "sourceMappingURL", "{{");
        assertThat(html.length()).isGreaterThan(150_000); // the library itself, not a reference to it
    }

    @Test
    void writesAllFilesAndPngsDecodeAtTheirSize(@TempDir Path dir) throws Exception {
        List<Path> files = ReportFiles.write(result, dir);
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("compare.json",
                "compare-cells.csv", "compare-models.csv", "compare.html", "throughput.png", "p99.png", "memory.png");
        for (Path png : files.subList(4, 7)) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as(png.toString()).isNotNull();
            assertThat(image.getWidth()).isEqualTo(PngCharts.WIDTH);
            assertThat(image.getHeight()).isEqualTo(PngCharts.HEIGHT);
        }
        assertThat(Files.readString(dir.resolve("compare.json"))).contains("\"model\" : \"iterative\"");
    }
}
