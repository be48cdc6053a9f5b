package io.wharf.load.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.load.FailureKind;
import io.wharf.load.Interval;
import io.wharf.load.LoadCurve;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The live line: redrawn in place with the stage, the last second's figures and the time left; cleared after. */
class ScenarioLineTest {

    @Test
    void eachIntervalRedrawsTheLineAndClearLeavesNothing() {
        LoadCurve curve = new LoadCurve(LoadCurve.Mode.RATE, List.of(new LoadCurve.Stage("warm", 2_000_000_000L, 0,
                1000), new LoadCurve.Stage("spike", 3_000_000_000L, 1000, 5000)));
        StringWriter err = new StringWriter();
        ScenarioLine line = new ScenarioLine(new PrintWriter(err, true), curve);
        Histogram h = new Histogram(3_600_000_000L, 3);
        h.recordValue(3100);
        line.interval(new Interval(2000, 3000, 0, 1, 2333, 2300, Map.of(FailureKind.TIMEOUT, 2L), 50, h));
        assertThat(err.toString()).startsWith("\r[2/2 spike] target 2,333/s  2,300 req/s  p99 3.10ms  errors 2  "
                + "open 50  2 s left");
        line.clear();
        assertThat(err.toString()).endsWith("\r" + " ".repeat(110) + "\r");
    }
}
