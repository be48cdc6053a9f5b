package io.wharf.bench.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A file every target serves, by name from the shared folder.
 *
 * @param name  file name, also the request path below {@code /}
 * @param size  bytes
 * @param label how the report names it ({@code 1 KiB})
 */
public record BenchFile(String name, int size, String label) {

    public static final BenchFile SMALL = new BenchFile("1k.bin", 1024, "1 KiB");
    public static final BenchFile LARGE = new BenchFile("1m.bin", 1024 * 1024, "1 MiB");
    public static final List<BenchFile> ALL = List.of(SMALL, LARGE);

    public String path() {
        return "/" + name;
    }

    /**
     * Writes the file into {@code dir}: bytes from a fixed seed, so they do not compress and every run serves the
     * same content.
     */
    public void writeInto(Path dir) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Files.write(dir.resolve(name), bytes);
    }
}
