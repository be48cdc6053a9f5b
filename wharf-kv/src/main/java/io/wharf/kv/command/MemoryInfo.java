package io.wharf.kv.command;

import io.wharf.kv.store.Eviction;
import io.wharf.kv.store.Keyspace;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * INFO's {@code # Memory} section and the eviction and snapshot fields of {@code # Stats}, Redis's names:
 * {@code used_memory} is the key space's estimate ({@link io.wharf.kv.store.MemoryEstimate}), which
 * {@code maxmemory} is compared with; {@code used_memory_rss} is the process's resident set, from /proc.
 */
final class MemoryInfo {

    private MemoryInfo() {
    }

    static void memory(Session s, StringBuilder out) {
        Keyspace ks = s.state().keyspace();
        long used = ks.usedMemory();
        long rss = rss();
        Eviction e = ks.eviction();
        out.append("# Memory\r\n")
                .append("used_memory:").append(used).append("\r\n")
                .append("used_memory_human:").append(human(used)).append("\r\n")
                .append("used_memory_rss:").append(rss).append("\r\n")
                .append("used_memory_rss_human:").append(human(rss)).append("\r\n")
                .append("used_memory_dataset:").append(used).append("\r\n")
                .append("maxmemory:").append(e.maxmemory()).append("\r\n")
                .append("maxmemory_human:").append(human(e.maxmemory())).append("\r\n")
                .append("maxmemory_policy:").append(e.policy().redisName()).append("\r\n")
                .append("mem_fragmentation_ratio:")
                .append(used == 0 ? "0.00" : String.format(java.util.Locale.ROOT, "%.2f", (double) rss / used)).append("\r\n")
                .append("mem_allocator:jvm\r\n");
    }

    static void stats(Session s, StringBuilder out) {
        out.append("evicted_keys:").append(s.state().keyspace().eviction().evictedKeys()).append("\r\n");
        io.wharf.kv.persist.Persistence p = s.state().persistence();
        out.append("latest_fork_usec:").append(p == null ? 0 : p.latestForkMicros()).append("\r\n");
    }

    /** Resident set size in bytes (Linux), or 0 where /proc is not there. */
    static long rss() {
        try {
            String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(statm[1]) * 4096;
        } catch (Exception e) {
            return 0;
        }
    }

    /** Redis's {@code bytesToHuman}: {@code 1.00M}. */
    static String human(long n) {
        if (n < 1024) {
            return n + "B";
        }
        String units = "KMGTPE";
        double v = n;
        int i = -1;
        while (v >= 1024 && i < units.length() - 1) {
            v /= 1024;
            i++;
        }
        return String.format(java.util.Locale.ROOT, "%.2f%c", v, units.charAt(i));
    }
}
