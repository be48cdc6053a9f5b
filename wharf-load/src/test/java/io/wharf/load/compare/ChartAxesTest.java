package io.wharf.load.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.AttributedCharacterIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The charts' axes tick at the measured client counts and at round latencies; a model keeps its colour. */
class ChartAxesTest {

    private final CompareResult result = Fixtures.result();

    @Test
    void roundTicksBracketTheDataAtOneTwoFive() {
        // the PNG: a p99 between 0.126 and 0.141 ms was labelled 0.126, 0.141
        assertThat(LogTicks.round(0.126, 0.141)).containsExactly(0.1, 0.2);
        assertThat(LogTicks.round(0.12, 0.41)).containsExactly(0.1, 0.2, 0.5);
        assertThat(LogTicks.round(1, 1)).containsExactly(1.0);
        assertThat(LogTicks.round(3, 48)).containsExactly(2.0, 5.0, 10.0, 20.0, 50.0);
        assertThat(LogTicks.round(0.05, 2000)).hasSize(15).startsWith(0.05, 0.1, 0.2).endsWith(1000.0, 2000.0);
        // seven decades: the powers of ten only
        assertThat(LogTicks.round(0.001, 10_000)).containsExactly(0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0,
                10_000.0);
    }

    @Test
    void pngClientsAxisIsTickedAtTheMeasuredClientCounts() {
        assertThat(labels(PngCharts.throughput(result).getXYPlot().getDomainAxis(), RectangleEdge.BOTTOM))
                .containsExactly("1", "10");
        // the PNG: 1, 1.122, 1.259 ... 8.913, 10
        CompareResult odd = withClients(1, 3, 30, 1000);
        assertThat(labels(PngCharts.p99(odd).getXYPlot().getDomainAxis(), RectangleEdge.BOTTOM))
                .containsExactly("1", "3", "30", "1,000");
    }

    @Test
    void pngLatencyAxisIsTickedAtRoundMilliseconds() {
        // the fixture's p99s are 0.12 to 0.41 ms
        assertThat(labels(PngCharts.p99(result).getXYPlot().getRangeAxis(), RectangleEdge.LEFT))
                .containsExactly("0.1", "0.2", "0.5");
    }

    @Test
    void aModelHasOneColourInEveryPngChartAndModelsDiffer() {
        JFreeChart throughput = PngCharts.throughput(result);
        JFreeChart memory = PngCharts.memory(result);
        List<Paint> seen = new ArrayList<>();
        for (int column = 0; column < memory.getCategoryPlot().getDataset().getColumnCount(); column++) {
            String model = (String) memory.getCategoryPlot().getDataset().getColumnKey(column);
            int series = throughput.getXYPlot().getDataset().indexOf(model);
            Paint line = throughput.getXYPlot().getRenderer().getSeriesPaint(series);
            assertThat(memory.getCategoryPlot().getRenderer().getItemPaint(0, column)).as(model).isEqualTo(line);
            assertThat(PngCharts.p99(result).getXYPlot().getRenderer().getSeriesPaint(series)).isEqualTo(line);
            seen.add(line);
        }
        // the iterative model's memory is below measurement: no bar, and no colour shifts for it
        assertThat(seen).hasSize(1);
        assertThat(Palette.colour(result, "iterative")).isNotEqualTo(seen.get(0))
                .isEqualTo(throughput.getXYPlot().getRenderer().getSeriesPaint(1));
    }

    /**
     * The HTML report's chart script, run in Node with a stand-in for Chart.js that keeps each chart's
     * configuration: its log axes tick where the PNGs' do, with plain labels, and each model has the PNGs' colour.
     */
    @Test
    void htmlChartsTickAndColourAsThePngsDo(@TempDir Path dir) throws Exception {
        assumeThat(node()).as("node on the PATH").isTrue();
        String html = HtmlReport.render(withClients(1, 3, 30));
        String script = html.substring(html.lastIndexOf("<script>") + 8, html.lastIndexOf("</script>"));
        Path js = dir.resolve("charts.js");
        Files.writeString(js, """
                const configs = [];
                const document = { getElementById: id => id };
                function Chart(canvas, config) { configs.push(config); }
                """ + script + """
                const out = configs.map(c => {
                  const axes = {};
                  for (const [name, scale] of Object.entries(c.options.scales)) {
                    if (!scale.afterBuildTicks) { continue; }
                    const axis = { ticks: [{ value: 1.122 }] };
                    scale.afterBuildTicks(axis);
                    axes[name] = axis.ticks.map(t => scale.ticks.callback(t.value));
                  }
                  const colours = c.data.datasets.flatMap(d => [].concat(d.borderColor || d.backgroundColor));
                  return { type: c.type, axes, colours };
                });
                console.log(JSON.stringify(out));
                """);
        Process p = new ProcessBuilder("node", js.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        JsonNode charts = new ObjectMapper().readTree(output);
        JsonNode throughput = charts.get(0);
        JsonNode p99 = charts.get(1);
        assertThat(throughput.get("axes").get("x")).extracting(JsonNode::asText).containsExactly("1", "3", "30");
        assertThat(throughput.get("axes").has("y")).isFalse(); // requests/s: linear
        assertThat(p99.get("axes").get("y")).extracting(JsonNode::asText).containsExactly("0.1", "0.2", "0.5");
        String event = String.format("#%06x", ((java.awt.Color) PngCharts.throughput(result).getXYPlot()
                .getRenderer().getSeriesPaint(0)).getRGB() & 0xffffff);
        assertThat(throughput.get("colours").get(0).asText()).isEqualTo(event);
        assertThat(charts.get(2).get("colours")).extracting(JsonNode::asText).containsExactly(event);
        assertThat(p99.get("colours").get(1).asText()).isNotEqualTo(event);
    }

    private CompareResult withClients(Integer... clients) {
        return new CompareResult(result.protocol(), List.of(clients), result.durationMillis(),
                result.warmupMillis(), result.startedAt(), result.machine(), result.models());
    }

    private static boolean node() {
        try {
            return new ProcessBuilder("node", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    private static List<String> labels(ValueAxis axis, RectangleEdge edge) {
        Graphics2D g2 = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();
        List<String> out = new ArrayList<>();
        for (Object tick : axis.refreshTicks(g2, new AxisState(), new Rectangle2D.Double(0, 0, 800, 400), edge)) {
            AttributedCharacterIterator it = ((LogTick) tick).getAttributedLabel().getIterator();
            StringBuilder b = new StringBuilder();
            for (char c = it.first(); c != AttributedCharacterIterator.DONE; c = it.next()) {
                b.append(c);
            }
            out.add(b.toString());
        }
        return out;
    }
}
