package io.wharf.load.scenario.bottleneck;

import io.wharf.core.ProcFs;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's TCP counters that say a connection had trouble, from {@code /proc/net/netstat} (TcpExt) and
 * {@code /proc/net/snmp} (Tcp): accept-queue overflows and drops, retransmitted segments, timeouts and resets.
 * They count for the whole network namespace, not one process. Stateless.
 */
public final class KernelCounters {

    /** The counters kept, in the order the report lists them. */
    public static final List<String> NAMES = List.of("ListenOverflows", "ListenDrops", "RetransSegs", "TCPTimeouts",
            "EstabResets", "OutRsts", "AttemptFails");

    private KernelCounters() {
    }

    /** The counters now; one that the kernel does not show is absent. */
    static Map<String, Long> read() {
        Map<String, Long> all = new LinkedHashMap<>();
        parse(ProcFs.read(Path.of("/proc/net/netstat")), "TcpExt:", all);
        parse(ProcFs.read(Path.of("/proc/net/snmp")), "Tcp:", all);
        Map<String, Long> kept = new LinkedHashMap<>();
        for (String n : NAMES) {
            if (all.containsKey(n)) {
                kept.put(n, all.get(n));
            }
        }
        return kept;
    }

    /** The files pair a line of names with a line of values, both starting with {@code prefix}. */
    static void parse(String text, String prefix, Map<String, Long> into) {
        String[] names = null;
        for (String line : text.split("\n")) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            String[] words = line.substring(prefix.length()).trim().split("\\s+");
            if (names == null) {
                names = words;
                continue;
            }
            for (int i = 0; i < Math.min(names.length, words.length); i++) {
                try {
                    into.put(names[i], Long.parseLong(words[i]));
                } catch (NumberFormatException e) {
                    // not a counter
                }
            }
            names = null;
        }
    }
}
