package io.wharf.load.compare;

import io.wharf.core.ProcFs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a process's resident memory ({@code VmRSS}) and thread count ({@code Threads}) from
 * {@code /proc/<pid>/status}, and counts the entries of {@code /proc/<pid>/fd} and those that are sockets;
 * {@link #sampleTree} sums them over the process and its descendants. CPU time comes from
 * {@code /proc/<pid>/stat}. Stateless and thread-safe.
 */
public final class ProcSampler {

    private static final double TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux ABI Java runs on

    private ProcSampler() {
    }

    public static ProcSample sample(long pid) {
        Path dir = Path.of("/proc", Long.toString(pid));
        String status = ProcFs.read(dir.resolve("status"));
        long rssKib = field(status, "VmRSS:");
        long threads = field(status, "Threads:");
        if (rssKib < 0) {
            return ProcSample.NONE;
        }
        int[] fds = fds(dir.resolve("fd"));
        return new ProcSample(rssKib * 1024, (int) threads, fds[0], fds[1], 1);
    }

    /** {@link #sample} summed over {@code pid} and every live descendant. */
    public static ProcSample sampleTree(long pid) {
        ProcSample sum = sample(pid);
        if (sum.rssBytes() < 0) {
            return sum;
        }
        for (ProcessHandle child : ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of())) {
            ProcSample s = sample(child.pid());
            if (s.rssBytes() >= 0) {
                sum = new ProcSample(sum.rssBytes() + s.rssBytes(), sum.threads() + s.threads(),
                        sum.fds() + s.fds(), sum.sockets() + s.sockets(), sum.processes() + 1);
            }
        }
        return sum;
    }

    /**
     * CPU time used by {@code pid}, the children it has reaped, and its live descendants: so a process
     * model's short-lived children count too. Zero when /proc does not say.
     */
    public static Duration cpuTree(long pid) {
        long ticks = ticks(pid, true);
        for (ProcessHandle child : ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of())) {
            ticks += ticks(child.pid(), false);
        }
        return Duration.ofNanos((long) (ticks / TICKS_PER_SECOND * 1e9));
    }

    /** utime + stime (+ cutime + cstime), fields 14-17 of /proc/pid/stat, counted after the command name. */
    private static long ticks(long pid, boolean withReaped) {
        String stat = ProcFs.read(Path.of("/proc", Long.toString(pid), "stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return 0;
        }
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        try {
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return withReaped ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
        } catch (RuntimeException e) {
            return 0;
        }
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

    /** {all descriptors, sockets among them}, or -1s. */
    private static int[] fds(Path fdDir) {
        int all = 0;
        int sockets = 0;
        try (Stream<Path> entries = Files.list(fdDir)) {
            for (Path fd : (Iterable<Path>) entries::iterator) {
                all++;
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (IOException e) {
                    // closed between the listing and the look: not counted as a socket
                }
            }
            return new int[] {all, sockets};
        } catch (IOException | RuntimeException e) {
            return new int[] {-1, -1};
        }
    }
}
