package io.wharf.cli;

import io.wharf.core.ProcFs;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The kernel and process limits that decide how many clients a server can hold, read from /proc (Linux).
 * A value that cannot be read is empty, and the doctor says so rather than guessing.
 */
record SystemLimits(OptionalLong openFilesSoft, OptionalLong openFilesHard, OptionalLong processesSoft,
                    OptionalLong somaxconn, OptionalLong synBacklog, OptionalLong portLow, OptionalLong portHigh,
                    OptionalLong memTotalKb, OptionalLong memAvailableKb, OptionalLong fileMax) {

    static SystemLimits read() {
        String limits = ProcFs.read(Path.of("/proc/self/limits"));
        long[] nofile = limitPair(limits, "Max open files");
        long[] nproc = limitPair(limits, "Max processes");
        String ports = ProcFs.read(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
        String[] p = ports.isEmpty() ? new String[0] : ports.split("\\s+");
        String mem = ProcFs.read(Path.of("/proc/meminfo"));
        return new SystemLimits(opt(nofile[0]), opt(nofile[1]), opt(nproc[0]),
                number(Path.of("/proc/sys/net/core/somaxconn")),
                number(Path.of("/proc/sys/net/ipv4/tcp_max_syn_backlog")),
                p.length == 2 ? parse(p[0]) : OptionalLong.empty(), p.length == 2 ? parse(p[1]) : OptionalLong.empty(),
                meminfo(mem, "MemTotal:"), meminfo(mem, "MemAvailable:"),
                ProcFs.number(Path.of("/proc/sys/fs/file-max")));
    }

    private static long[] limitPair(String limits, String name) {
        for (String line : limits.split("\n")) {
            if (line.startsWith(name)) {
                String[] f = line.substring(name.length()).trim().split("\\s+");
                return new long[] {value(f[0]), value(f[1])};
            }
        }
        return new long[] {-1, -1};
    }

    private static long value(String s) {
        return s.equals("unlimited") ? Long.MAX_VALUE : parse(s).orElse(-1);
    }

    private static OptionalLong opt(long v) {
        return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private static OptionalLong meminfo(String mem, String key) {
        for (String line : mem.split("\n")) {
            if (line.startsWith(key)) {
                return parse(line.substring(key.length()).replace("kB", "").trim());
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong number(Path p) {
        return ProcFs.number(p);
    }

    private static OptionalLong parse(String s) {
        try {
            return OptionalLong.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

}
