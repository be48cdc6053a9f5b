package io.wharf.load.scenario.bottleneck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pauses read from a -Xlog:gc file as it grows, a line cut mid-write included. */
class GcLogTest {

    @TempDir
    Path dir;

    @Test
    void pausesAreSummedAndConcurrentPhasesAreNot() throws Exception {
        Path file = dir.resolve("gc.log");
        Files.writeString(file, "[0.010s][info][gc] Using G1\n[0.500s][info][gc] GC(0) Pause Young (Normal) "
                + "(G1 Evacuation Pause) 24M->4M(256M) 9.000ms\n");
        GcLog log = new GcLog(file);
        log.skipToEnd(); // what came before the run is not the run's
        Files.writeString(file, "[1.2s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 30M->5M(256M) "
                + "3.250ms\n[1.3s][info][gc] GC(2) Concurrent Mark Cycle 12.000ms\n[1.4s][info][gc] GC(3) Pause "
                + "Remark 40M->40M(256M) 1.5", StandardOpenOption.APPEND);
        GcLog.Pauses first = log.read();
        assertThat(first.count()).isEqualTo(1);
        assertThat(first.millis()).isEqualTo(3.25);
        Files.writeString(file, "00ms\n", StandardOpenOption.APPEND);
        GcLog.Pauses second = log.read();
        assertThat(second.count()).isEqualTo(1);
        assertThat(second.millis()).isEqualTo(1.5);
        assertThat(new GcLog(dir.resolve("none.log")).read()).isEqualTo(GcLog.Pauses.NONE);
    }
}
