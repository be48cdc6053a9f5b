package io.wharf.load.compare;

import io.wharf.core.ProcFs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Reads a process's resident memory ({@code VmRSS}) and thread count ({@code Threads}) from
 * {@code /proc/<pid>/status} and counts the entries of {@code /proc/<pid>/fd}. Stateless and thread-safe.
 */
public final class ProcSampler {

    private ProcSampler() {
    }

    public static ProcSample sample(long pid) {
        Path dir = Path.of("/proc", Long.toString(pid));
        String status = ProcFs.read(dir.resolve("status"));
        long rssKib = field(status, "VmRSS:");
        long threads = field(status, "Threads:");
        return new ProcSample(rssKib < 0 ? -1 : rssKib * 1024, (int) threads, fds(dir.resolve("fd")));
    }

    /** The first number after {@code name} at the start of a line, or -1. */
    static long field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) {
                String[] words = line.substring(name.length()).trim().split("\\s+");
                try {
                    return Long.parseLong(words[0]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static int fds(Path fdDir) {
        try (Stream<Path> entries = Files.list(fdDir)) {
            return (int) entries.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
