package io.wharf.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The files a bench leaves behind (its CSV) and the scratch folders it cleans up. Shared by the benches. */
public final class BenchFiles {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private BenchFiles() {
    }

    /** Writes {@code lines} to {@code <outDir>/<prefix>-<yyyyMMdd-HHmmss>.csv} and returns that path. */
    public static Path writeResults(Path outDir, String prefix, List<String> lines) throws IOException {
        Files.createDirectories(outDir);
        Path file = outDir.resolve(prefix + "-" + LocalDateTime.now().format(STAMP) + ".csv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** Removes a scratch folder and everything in it; a failure is one line on stderr, prefixed with {@code tool}. */
    public static void deleteTree(Path dir, String tool) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.comparingInt(Path::getNameCount).reversed()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println(tool + ": could not remove " + dir + ": " + e.getMessage());
        }
    }
}
