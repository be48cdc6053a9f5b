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
 * backlog and what to change. Exit 0 when everything fits, 1 when something needs changing.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
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
        long max = config.get(CoreKeys.MAX_CONNECTIONS);
        long wantBacklog = config.get(CoreKeys.BACKLOG);
        SystemLimits l = SystemLimits.read();
        PrintWriter out = spec.commandLine().getOut();
        List<String> fixes = new ArrayList<>();
        out.printf("wharf doctor: can this machine hold max_connections=%d with backlog=%s?%n%n", max,
                wantBacklog == 0 ? "OS maximum" : Long.toString(wantBacklog));

        long needFds = max + FD_RESERVE;
        row(out, "open files (RLIMIT_NOFILE)", l.openFilesSoft().isPresent()
                ? "soft " + fmt(l.openFilesSoft()) + ", hard " + fmt(l.openFilesHard()) : "unknown",
                check(l.openFilesSoft(), needFds, fixes, "raise the open-file limit to at least " + needFds
                        + ": 'ulimit -n " + needFds + "' in the shell that starts wharf, or LimitNOFILE= in its "
                        + "systemd unit (the JVM already lifts its soft limit up to the hard one)"));
        long effectiveBacklog = wantBacklog == 0 ? l.somaxconn().orElse(4096) : wantBacklog;
        row(out, "net.core.somaxconn", fmt(l.somaxconn()),
                check(l.somaxconn(), effectiveBacklog, fixes, "sysctl -w net.core.somaxconn=" + effectiveBacklog));
        row(out, "net.ipv4.tcp_max_syn_backlog", fmt(l.synBacklog()),
                check(l.synBacklog(), Math.min(effectiveBacklog, 4096), fixes,
                        "sysctl -w net.ipv4.tcp_max_syn_backlog=" + Math.min(effectiveBacklog, 4096)));
        if (l.portLow().isPresent() && l.portHigh().isPresent()) {
            long ports = l.portHigh().getAsLong() - l.portLow().getAsLong() + 1;
            row(out, "ip_local_port_range", l.portLow().getAsLong() + "-" + l.portHigh().getAsLong()
                    + " (" + ports + " ports)", ports >= max ? "ok" : "note: a load generator on this machine "
                    + "opens at most " + ports + " connections per destination address; spread it over "
                    + "127.0.0.x or widen the range (sysctl -w net.ipv4.ip_local_port_range=\"1024 65535\")");
        } else {
            row(out, "ip_local_port_range", "unknown", "cannot read /proc/sys/net/ipv4/ip_local_port_range");
        }
        OptionalLong migrate = ProcFs.number(Path.of("/proc/sys/net/ipv4/tcp_migrate_req"));
        row(out, "net.ipv4.tcp_migrate_req", fmt(migrate), migrate.isEmpty() ? "unknown (Linux 5.14+ has it)"
                : migrate.getAsLong() == 1 ? "ok (a retiring prefork worker's queued connections move to the others)"
                : "note: prefork closes a retiring worker's listener only after every worker stopped accepting; "
                + "'sysctl -w net.ipv4.tcp_migrate_req=1' also moves what is still queued to the other workers");
        row(out, "max user processes", fmt(l.processesSoft()),
                check(l.processesSoft(), Math.min(max, 4096) + 256, fixes, "the thread model starts a thread per "
                        + "client: raise 'ulimit -u' or use --model virtual/event/reactor"));
        row(out, "fs.file-max", fmt(l.fileMax()), check(l.fileMax(), needFds, fixes,
                "sysctl -w fs.file-max=" + needFds * 2));
        if (l.memAvailableKb().isPresent()) {
            long needKb = max * BYTES_PER_CONNECTION / 1024;
            row(out, "memory", String.format(Locale.ROOT, "%.1f GiB total, %.1f GiB available",
                    l.memTotalKb().orElse(0) / 1048576.0, l.memAvailableKb().getAsLong() / 1048576.0),
                    check(l.memAvailableKb(), needKb, fixes, "lower max_connections or add memory (budget "
                            + BYTES_PER_CONNECTION / 1024 + " KiB per client)").replace("need " + needKb,
                            "need " + needKb / 1024 + " MiB"));
        } else {
            row(out, "memory", "unknown", "cannot read /proc/meminfo");
        }
        out.println();
        if (fixes.isEmpty()) {
            out.println("verdict: OK, this machine can hold " + max + " connections");
            return 0;
        }
        out.println("verdict: " + fixes.size() + " limit(s) too low for " + max + " connections; to change:");
        fixes.forEach(f -> out.println("  - " + f));
        return 1;
    }

    private static String check(OptionalLong have, long need, List<String> fixes, String fix) {
        if (have.isEmpty()) {
            return "unknown (cannot read it)";
        }
        if (have.getAsLong() >= need) {
            return "ok (need " + need + ")";
        }
        fixes.add(fix);
        return "TOO LOW (need " + need + ")";
    }

    private static void row(PrintWriter out, String name, String value, String verdict) {
        out.printf("  %-30s %-34s %s%n", name, value, verdict);
    }

    private static String fmt(OptionalLong v) {
        if (v.isEmpty()) {
            return "unknown";
        }
        return v.getAsLong() == Long.MAX_VALUE ? "unlimited" : Long.toString(v.getAsLong());
    }
}
