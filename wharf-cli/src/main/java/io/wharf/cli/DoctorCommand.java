package io.wharf.cli;

import io.wharf.core.ProcFs;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigException;
import io.wharf.core.config.ConfigSchema;
import io.wharf.core.config.CoreKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/**
 * {@code wharf doctor}: the limits the brief inspects (RLIMIT_NOFILE, somaxconn, tcp_max_syn_backlog, the
 * ephemeral port range, processes, memory), each with a verdict for the configured max_connections and
 * backlog and what to change. A limit that stops the server holding max_connections (descriptors, processes,
 * memory) is a failure; one that only matters under a burst of new connections (the accept and SYN queues,
 * which the kernel silently caps) is a warning. Exit 0 with warnings or none, 1 on any failure. Long notes wrap
 * at the terminal's width.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Checks this machine's limits against the configured max_connections and backlog.")
final class DoctorCommand implements Callable<Integer> {

    /** Descriptors a server needs beyond one per client: listener, epoll, logs, jars, JVM internals. */
    private static final long FD_RESERVE = 64;
    /** A conservative memory budget per idle connection (buffers, thread stacks under the blocking models). */
    private static final long BYTES_PER_CONNECTION = 64 * 1024;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "server.conf to read.")
    Path configFile;

    @Option(names = "--max-connections", paramLabel = "N", description = "Check for this many clients.")
    String maxConnections;

    @Option(names = "--backlog", paramLabel = "N", description = "Check for this accept backlog.")
    String backlog;

    @Override
    public Integer call() {
        Config config;
        try {
            ConfigSchema schema = ServeCommand.schema();
            config = configFile == null ? Config.defaults(schema) : Config.load(configFile, schema);
            if (maxConnections != null) {
                config = config.override(CoreKeys.MAX_CONNECTIONS, maxConnections, "--max-connections");
            }
            if (backlog != null) {
                config = config.override(CoreKeys.BACKLOG, backlog, "--backlog");
            }
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
        return report(config, SystemLimits.read(), spec.commandLine().getOut(),
                Math.max(60, spec.usageMessage().width()));
    }

    /** What one check found: a failure stops the server holding max_connections; a warning is worth fixing. */
    private record Finding(boolean failure, String fix) {
    }

    /** Prints the checks of {@code l} against {@code config}, wrapped at {@code width}; returns the exit code. */
    static int report(Config config, SystemLimits l, PrintWriter out, int width) {
        long max = config.get(CoreKeys.MAX_CONNECTIONS);
        long wantBacklog = config.get(CoreKeys.BACKLOG);
        List<Finding> found = new ArrayList<>();
        print(out, width, "", "  ", "wharf doctor: can this machine hold max_connections=" + max + " with backlog="
                + (wantBacklog == 0 ? "OS maximum" : Long.toString(wantBacklog)) + "?");
        out.println();

        long needFds = max + FD_RESERVE;
        row(out, width, "open files (RLIMIT_NOFILE)", l.openFilesSoft().isPresent()
                ? "soft " + fmt(l.openFilesSoft()) + ", hard " + fmt(l.openFilesHard()) : "unknown",
                check(l.openFilesSoft(), needFds, found, true, "raise the open-file limit to at least " + needFds
                        + ": 'ulimit -n " + needFds + "' in the shell that starts wharf, or LimitNOFILE= in its "
                        + "systemd unit (the JVM already lifts its soft limit up to the hard one)"));
        long effectiveBacklog = wantBacklog == 0 ? l.somaxconn().orElse(4096) : wantBacklog;
        row(out, width, "net.core.somaxconn", fmt(l.somaxconn()),
                check(l.somaxconn(), effectiveBacklog, found, false, "sysctl -w net.core.somaxconn="
                        + effectiveBacklog + " (the kernel caps the accept queue at it: a burst of connects past it"
                        + " is dropped and retried by the clients)"));
        row(out, width, "net.ipv4.tcp_max_syn_backlog", fmt(l.synBacklog()),
                check(l.synBacklog(), Math.min(effectiveBacklog, 4096), found, false,
                        "sysctl -w net.ipv4.tcp_max_syn_backlog=" + Math.min(effectiveBacklog, 4096)
                        + " (half-open connections queued while their handshake completes: only a burst of new"
                        + " connections, or a SYN flood, fills it)"));
        if (l.portLow().isPresent() && l.portHigh().isPresent()) {
            long ports = l.portHigh().getAsLong() - l.portLow().getAsLong() + 1;
            row(out, width, "ip_local_port_range", l.portLow().getAsLong() + "-" + l.portHigh().getAsLong()
                    + " (" + ports + " ports)", ports >= max ? "ok" : "note: a load generator on this machine "
                    + "opens at most " + ports + " connections per destination address; spread it over "
                    + "127.0.0.x or widen the range (sysctl -w net.ipv4.ip_local_port_range=\"1024 65535\")");
        } else {
            row(out, width, "ip_local_port_range", "unknown", "cannot read /proc/sys/net/ipv4/ip_local_port_range");
        }
        OptionalLong migrate = ProcFs.number(Path.of("/proc/sys/net/ipv4/tcp_migrate_req"));
        row(out, width, "net.ipv4.tcp_migrate_req", fmt(migrate), migrate.isEmpty() ? "unknown (Linux 5.14+ has it)"
                : migrate.getAsLong() == 1 ? "ok (a retiring prefork worker's queued connections move to the others)"
                : "note: prefork closes a retiring worker's listener only after every worker stopped accepting; "
                + "'sysctl -w net.ipv4.tcp_migrate_req=1' also moves what is still queued to the other workers");
        row(out, width, "max user processes", fmt(l.processesSoft()),
                check(l.processesSoft(), Math.min(max, 4096) + 256, found, true, "the thread model starts a thread "
                        + "per client: raise 'ulimit -u' or use --model virtual/event/reactor"));
        row(out, width, "fs.file-max", fmt(l.fileMax()), check(l.fileMax(), needFds, found, true,
                "sysctl -w fs.file-max=" + needFds * 2));
        if (l.memAvailableKb().isPresent()) {
            long needKb = max * BYTES_PER_CONNECTION / 1024;
            row(out, width, "memory", String.format(Locale.ROOT, "%.1f GiB total, %.1f GiB available",
                    l.memTotalKb().orElse(0) / 1048576.0, l.memAvailableKb().getAsLong() / 1048576.0),
                    check(l.memAvailableKb(), needKb, found, true, "lower max_connections or add memory (budget "
                            + BYTES_PER_CONNECTION / 1024 + " KiB per client)").replace("need " + needKb,
                            "need " + needKb / 1024 + " MiB"));
        } else {
            row(out, width, "memory", "unknown", "cannot read /proc/meminfo");
        }
        out.println();
        List<String> failures = found.stream().filter(Finding::failure).map(Finding::fix).toList();
        List<String> warnings = found.stream().filter(f -> !f.failure()).map(Finding::fix).toList();
        if (failures.isEmpty()) {
            print(out, width, "", "  ", "verdict: OK, this machine can hold " + max + " connections"
                    + (warnings.isEmpty() ? "" : "; " + warnings.size() + " warning(s), worth changing for bursts of"
                    + " new connections:"));
        } else {
            print(out, width, "", "  ", "verdict: " + failures.size() + " limit(s) too low for " + max
                    + " connections; to change:");
            failures.forEach(f -> bullet(out, width, f));
            if (!warnings.isEmpty()) {
                print(out, width, "", "  ", "and " + warnings.size()
                        + " warning(s), worth changing for bursts of new connections:");
            }
        }
        warnings.forEach(f -> bullet(out, width, f));
        return failures.isEmpty() ? 0 : 1;
    }

    private static String check(OptionalLong have, long need, List<Finding> found, boolean failure, String fix) {
        if (have.isEmpty()) {
            return "unknown (cannot read it)";
        }
        if (have.getAsLong() >= need) {
            return "ok (need " + need + ")";
        }
        found.add(new Finding(failure, fix));
        return failure ? "TOO LOW (need " + need + ")" : "warning: low (want " + need + ")";
    }

    private static final int NAME = 28;
    private static final int VALUE = 24;
    /** Where a row's wrapped verdict carries on: under the value column. */
    private static final int CONTINUATION = 4;

    private static void row(PrintWriter out, int width, String name, String value, String verdict) {
        String head = String.format(Locale.ROOT, "  %-" + NAME + "s %-" + VALUE + "s ", name, value);
        if (head.length() + verdict.length() <= width) {
            out.println(head + verdict);
            return;
        }
        // too long for the row: the verdict goes below it, wrapped, rather than squeezed into the last column
        out.println(head.stripTrailing());
        String indent = " ".repeat(CONTINUATION + 2);
        print(out, width, indent, indent, verdict);
    }

    private static void bullet(PrintWriter out, int width, String text) {
        print(out, width, "  - ", "    ", text);
    }

    /** {@code first} then {@code text}'s words, wrapped at {@code width}, later lines starting {@code indent}. */
    static void print(PrintWriter out, int width, String first, String indent, String text) {
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : text.split(" ")) {
            if (!empty && line.length() + 1 + word.length() > width) {
                out.println(line.toString().stripTrailing());
                line = new StringBuilder(indent);
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
            empty = false;
        }
        out.println(line.toString().stripTrailing());
    }

    private static String fmt(OptionalLong v) {
        if (v.isEmpty()) {
            return "unknown";
        }
        return v.getAsLong() == Long.MAX_VALUE ? "unlimited" : Long.toString(v.getAsLong());
    }
}
