package io.wharf.load.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes every output of a comparison into one folder. Stateless. */
public final class ReportFiles {

    private ReportFiles() {
    }

    /** compare.json, compare-cells.csv, compare-models.csv, compare.html and the three PNGs; returns them. */
    public static List<Path> write(CompareResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        written.add(write(dir.resolve("compare.json"), DataFiles.json(r)));
        written.add(write(dir.resolve("compare-cells.csv"), DataFiles.cellsCsv(r)));
        written.add(write(dir.resolve("compare-models.csv"), DataFiles.modelsCsv(r)));
        written.add(write(dir.resolve("compare.html"), HtmlReport.render(r)));
        written.addAll(PngCharts.write(r, dir));
        return written;
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text);
    }
}
