package io.wharf.load.scenario.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The inline SVG charts: the points drawn, the stage markers, log decades, the percentile axis's labels. */
class SvgChartTest {

    @Test
    void aChartDrawsEveryPointTheStagesAndRoundTicks() {
        String svg = Svg.render("Throughput", "seconds", "replies/s", List.of(new Svg.Series("replies/s", "#000",
                new double[] {1, 2, 3}, new double[] {100, 250, 90})), List.of(new Svg.Marker(0, "ramp"),
                new Svg.Marker(2, "spike")), false, Svg::plain);
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n")
                .contains(">ramp</text>", ">spike</text>", ">50</text>", ">250</text>", "<title>replies/s</title>");
        String points = svg.replaceAll("(?s).*points=\"([^\"]*)\".*", "$1");
        assertThat(points.split(" ")).hasSize(3);
    }

    @Test
    void aLogAxisTicksDecadesAndLeavesOutZeros() {
        String svg = Svg.render("Latency", "seconds", "ms", List.of(new Svg.Series("p99", "#000",
                new double[] {1, 2, 3}, new double[] {0, 0.5, 40})), List.of(), true, Svg::plain);
        assertThat(svg).contains(">0.1</text>", ">1</text>", ">10</text>", ">100</text>");
        assertThat(svg.replaceAll("(?s).*points=\"([^\"]*)\".*", "$1").split(" ")).hasSize(2);
    }

    @Test
    void thePercentileAxisIsLabelledAtWholeNines() {
        assertThat(Timeline.percentileTick(0)).isEqualTo("0%");
        assertThat(Timeline.percentileTick(1)).isEqualTo("90%");
        assertThat(Timeline.percentileTick(2)).isEqualTo("99%");
        assertThat(Timeline.percentileTick(4)).isEqualTo("99.99%");
        assertThat(Timeline.percentileTick(0.5)).isEmpty();
    }
}
