package io.wharf.load.compare;

import io.wharf.load.FailureKind;

import java.util.List;
import java.util.Map;

/** A fixed comparison, as the renderers' tests see it: two models, two loads, one failing cell. */
final class Fixtures {

    private Fixtures() {
    }

    static CompareResult result() {
        ModelResult event = new ModelResult("event", List.of(
                new CellResult("event", 1, 12_345.6, 12_346, Map.of(), 70, 90, 120, 300, 900,
                        new ProcSample(60L << 20, 14, 30), 55.5, ""),
                new CellResult("event", 10, 45_678.9, 45_679, Map.of(), 180, 250, 410, 800, 2100,
                        new ProcSample(64L << 20, 14, 40), 98.0, "")),
                MemoryResult.of(1000, 1000, 1000, 60L << 20, (60L << 20) + 1000 * 2048, MemoryResult.Shortfall.NONE, ""),
                180, "");
        ModelResult iterative = new ModelResult("iterative", List.of(
                new CellResult("iterative", 1, 9_876.0, 9_876, Map.of(), 80, 100, 150, 400, 1000,
                        new ProcSample(50L << 20, 12, 20), 40.0, ""),
                new CellResult("iterative", 10, 9_001.0, 9_001, Map.of(FailureKind.TIMEOUT, 9L), 80, 100, 170, 420,
                        1100, new ProcSample(51L << 20, 12, 21), 41.0, "")),
                MemoryResult.of(1000, 1000, 1, 50L << 20, (50L << 20) + 4096, MemoryResult.Shortfall.BACKLOG,
                        "the server accepted 1; the other 999 wait in its backlog"), 150, "");
        return new CompareResult("echo", List.of(1, 10), 1000, 0, "2026-11-26T08:00:00Z",
                "2 cores, Linux amd64, Java 25", List.of(event, iterative));
    }
}
