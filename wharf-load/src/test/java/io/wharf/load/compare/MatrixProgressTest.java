package io.wharf.load.compare;

import io.wharf.load.FailureKind;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The matrix progress bar: cells done of total and the time left, a line per cell when not on a terminal. */
class MatrixProgressTest {

    private final StringWriter text = new StringWriter();

    @Test
    void beforeAnyCellTheEstimateGivesTheTimeLeft() {
        MatrixProgress p = new MatrixProgress(new PrintWriter(text), true, 4, Duration.ofSeconds(30));
        p.startCell("event", 10);
        assertThat(p.bar()).startsWith("[------------------------] 0/4 cells  event @ 10 clients  ")
                .matches(".*  1:[56]\\d left");
        assertThat(text.toString()).startsWith("\r\033[K[---");
    }

    @Test
    void aLinePerCellWhenNotATerminal() {
        MatrixProgress p = new MatrixProgress(new PrintWriter(text), false, 2, Duration.ofSeconds(1));
        p.startCell("thread", 1);
        p.rate(1234);
        p.finishCell(new CellResult("thread", 1, 1000, 1000, Map.of(), 1, 1, 1, 1, 1, ProcSample.NONE, 0, ""));
        p.startCell("thread", 5);
        p.finishCell(new CellResult("thread", 5, 10, 10, Map.of(FailureKind.REFUSED, 4L), 1, 1, 1, 1, 1,
                ProcSample.NONE, 0, ""));
        p.finish();
        assertThat(text.toString().lines()).hasSize(3).allMatch(l -> l.startsWith("compare: "));
        assertThat(text.toString()).contains("compare: 1/2 thread @ 1 client: 1,000 req/s, 0:0")
                .contains("compare: 2/2 thread @ 5 clients: refused×4, 0:00 left")
                .doesNotContain("\r");
        assertThat(p.bar()).startsWith("[########################] 2/2 cells");
    }
}
