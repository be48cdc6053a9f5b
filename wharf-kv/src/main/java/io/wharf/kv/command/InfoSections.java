package io.wharf.kv.command;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * INFO's sections, pluggable: each is a named writer, listed in Redis 7.0's order, and {@link #register} puts a
 * writer in place of the one there (how persistence and memory accounting supply their real fields). INFO with
 * no argument or {@code default} gives every section but {@code commandstats}; {@code all} and
 * {@code everything} give every one; a section name gives that one; an unknown name gives nothing, as Redis.
 *
 * <p>{@code memory} is {@link MemoryInfo}'s (the key space's estimate), {@code persistence} the AOF's and RDB's
 * ({@link io.wharf.kv.persist.Persistence#info}); {@code cpu} reads the process's CPU time from
 * {@code /proc/self/stat} (0 elsewhere).
 *
 * <p>Threading: writers run under the key space's lock; {@link #register} before clients connect, or under the lock.
 */
public final class InfoSections {

    /** Writes one section, header line included ({@code # Memory\r\n...}), each field ending in CRLF. */
    @FunctionalInterface
    public interface Writer {
        void write(Session s, StringBuilder out);
    }

    private final Map<String, Writer> sections = new LinkedHashMap<>();

    InfoSections(KvState state) {
        for (String name : new String[] {"server", "clients", "memory", "persistence", "stats", "replication", "cpu",
                "modules", "commandstats", "errorstats", "cluster", "keyspace"}) {
            sections.put(name, (s, out) -> out.append("# ").append(Character.toUpperCase(name.charAt(0)))
                    .append(name.substring(1)).append("\r\n"));
        }
        register("memory", MemoryInfo::memory);
        register("persistence", PersistenceCommands::info);
        register("replication", (s, out) -> out.append("# Replication\r\nrole:master\r\nconnected_slaves:0\r\n")
                .append("master_failover_state:no-failover\r\nmaster_replid:").append(state.runId())
                .append("\r\nmaster_repl_offset:0\r\nrepl_backlog_active:0\r\n"));
        register("cpu", (s, out) -> cpu(out));
        register("cluster", (s, out) -> out.append("# Cluster\r\ncluster_enabled:0\r\n"));
        register("commandstats", (s, out) -> state.commandStats().commandstats(out));
        register("errorstats", (s, out) -> state.commandStats().errorstats(out));
    }

    /** Sections INFO gives only when named, or for {@code all} and {@code everything}, as Redis. */
    private static final java.util.Set<String> NOT_DEFAULT = java.util.Set.of("commandstats", "latencystats");

    /** Puts {@code writer} in place of section {@code name} (a new name goes last). */
    public void register(String name, Writer writer) {
        sections.put(name.toLowerCase(Locale.ROOT), writer);
    }

    /** The reply text for INFO with these section names (none: every section). */
    String render(Session s, java.util.List<byte[]> names) {
        java.util.Set<String> wanted = new java.util.HashSet<>();
        boolean defaults = names.isEmpty();
        boolean all = false;
        for (byte[] n : names) {
            String name = new String(n, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            if (name.equals("all") || name.equals("everything")) {
                all = true;
            } else if (name.equals("default")) {
                defaults = true;
            } else {
                wanted.add(name);
            }
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Writer> e : sections.entrySet()) {
            if (all || defaults && !NOT_DEFAULT.contains(e.getKey()) || wanted.contains(e.getKey())) {
                if (!out.isEmpty()) {
                    out.append("\r\n");
                }
                e.getValue().write(s, out);
            }
        }
        return out.toString();
    }

    private static void cpu(StringBuilder out) {
        double user = 0;
        double sys = 0;
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            user = Long.parseLong(f[11]) / 100.0; // utime, field 14, in clock ticks of 1/100 s
            sys = Long.parseLong(f[12]) / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: no figures
        }
        out.append("# CPU\r\n").append(String.format(Locale.ROOT, "used_cpu_sys:%.6f\r\nused_cpu_user:%.6f\r\n", sys, user))
                .append("used_cpu_sys_children:0.000000\r\nused_cpu_user_children:0.000000\r\n");
    }
}
