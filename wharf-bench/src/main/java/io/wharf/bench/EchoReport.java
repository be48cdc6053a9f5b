package io.wharf.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Text and CSV renderings of the echo benchmark's results. Ratios are "target / Netty" for every column, so a
 * ratio above 1 is better for round trips/s and worse for latency.
 */
final class EchoReport {

    private static final double CLIENT_BUSY = 0.9;
    private static final String ROW = "%-10s %14s %10s %10s   %7s %7s %7s   %7s %7s %6s%n";

    private EchoReport() {
    }

    static String header(BenchOptions o, int cores, String javaVersion) {
        return String.format(Locale.ROOT, """
                wharf echo benchmark: %d connections, %d-byte messages, closed-loop ping-pong (send, await the echo, repeat)
                  runs: warm-up %s + measure %s per target, %d round(s) interleaved; reported: median over rounds
                  servers: separate JVMs (java %s, default flags; pool with one worker per connection);
                  load client: separate JVM, java.nio, %d thread(s); errors = wrong replies + lost or never-answered connections
                  machine: %d core(s) SHARED by server and load client: compare targets with each other, not with
                           numbers from a dedicated load generator
                """, o.connections(), o.size(), human(o.warmup()), human(o.duration()), o.rounds(), javaVersion,
                o.threads(), cores);
    }

    static String progress(RunResult r) {
        return String.format(Locale.ROOT, "  round %d %-8s %12s rt/s  p50 %8s us  p99 %8s us  server CPU %s  load CPU %s%s",
                r.round(), r.target(), count(r.roundTripsPerSecond()), micros(r.p50Micros()), micros(r.p99Micros()),
                cores(r.serverCpuCores()), cores(r.loadCpuCores()), r.errors() == 0 ? "" : "  ERRORS " + r.errors());
    }

    static String table(List<TargetSummary> summaries) {
        Optional<TargetSummary> netty = netty(summaries);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, ROW, "target", "round trips/s", "p50 us", "p99 us",
                "rt/s", "p50", "p99", "srv CPU", "load", "errors"));
        out.append(String.format(Locale.ROOT, ROW, "", "(median)", "(median)", "(median)",
                "x netty", "x netty", "x netty", "(cores)", "(cores)", ""));
        for (TargetSummary s : summaries) {
            if (!s.measured()) {
                out.append(String.format(Locale.ROOT, "%-10s %s%n", s.target(), s.note().orElse("no result")));
                continue;
            }
            out.append(String.format(Locale.ROOT, ROW, s.target(), count(s.roundTripsPerSecond()),
                    micros(s.p50Micros()), micros(s.p99Micros()),
                    ratio(s.roundTripsPerSecond(), netty.map(TargetSummary::roundTripsPerSecond)),
                    ratio(s.p50Micros(), netty.map(TargetSummary::p50Micros)),
                    ratio(s.p99Micros(), netty.map(TargetSummary::p99Micros)),
                    cores(s.serverCpuCores()), cores(s.loadCpuCores()), s.errors()));
            s.note().ifPresent(n -> out.append("           note: ").append(n).append('\n'));
        }
        out.append("x netty = target / netty: above 1 is better for round trips/s, worse for p50/p99\n");
        return out.toString();
    }

    /** The goal, checked: the event model at >= 1.0x Netty's round trips/s. */
    static Optional<String> verdict(List<TargetSummary> summaries) {
        Optional<TargetSummary> event = summaries.stream()
                .filter(s -> s.target().name().equals("event") && s.measured()).findFirst();
        Optional<TargetSummary> netty = netty(summaries);
        if (event.isEmpty() || netty.isEmpty()) {
            return Optional.empty();
        }
        double r = event.get().roundTripsPerSecond() / netty.get().roundTripsPerSecond();
        return Optional.of(String.format(Locale.ROOT, "goal: event >= 1.00x netty round trips/s: %s (%.2fx)",
                r >= 1.0 ? "MET" : "NOT MET", r));
    }

    /**
     * A warning when the load client itself ran close to a full core per thread on some target: then it, not the
     * server, may have set the pace, and the ratios understate the faster server.
     */
    static Optional<String> loadWarning(List<TargetSummary> summaries, int loadThreads) {
        List<String> busy = summaries.stream()
                .filter(s -> s.measured() && s.loadCpuCores() >= CLIENT_BUSY * loadThreads)
                .map(s -> s.target().name()).toList();
        return busy.isEmpty() ? Optional.empty() : Optional.of(String.format(Locale.ROOT,
                "note: the load client used >= %.0f%% of its %d thread(s) on %s: it may be the limit there",
                CLIENT_BUSY * 100, loadThreads, String.join(", ", busy)));
    }

    static List<String> csv(List<TargetSummary> summaries) {
        Optional<TargetSummary> netty = netty(summaries);
        List<String> lines = new ArrayList<>();
        lines.add("target,round,round_trips_per_s,p50_us,p99_us,server_cpu_cores,load_cpu_cores,errors,"
                + "rt_vs_netty,p50_vs_netty,p99_vs_netty,note");
        for (TargetSummary s : summaries) {
            for (RunResult r : s.runs()) {
                lines.add(String.format(Locale.ROOT, "%s,%d,%.0f,%.1f,%.1f,%.2f,%.2f,%d,,,,", r.target(), r.round(),
                        r.roundTripsPerSecond(), r.p50Micros(), r.p99Micros(), r.serverCpuCores(),
                        r.loadCpuCores(), r.errors()));
            }
            String note = s.note().map(n -> n.replace(',', ';').replace('"', '\'')).orElse("");
            if (!s.measured()) {
                lines.add(s.target() + ",median,,,,,,,,,," + note);
                continue;
            }
            lines.add(String.format(Locale.ROOT, "%s,median,%.0f,%.1f,%.1f,%.2f,%.2f,%d,%s,%s,%s,%s", s.target(),
                    s.roundTripsPerSecond(), s.p50Micros(), s.p99Micros(), s.serverCpuCores(), s.loadCpuCores(),
                    s.errors(), csvRatio(s.roundTripsPerSecond(), netty.map(TargetSummary::roundTripsPerSecond)),
                    csvRatio(s.p50Micros(), netty.map(TargetSummary::p50Micros)),
                    csvRatio(s.p99Micros(), netty.map(TargetSummary::p99Micros)), note));
        }
        return lines;
    }

    static String count(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String micros(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.1f", v);
    }

    private static String cores(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ratio(double v, Optional<Double> base) {
        return base.filter(b -> b > 0 && !Double.isNaN(v)).map(b -> String.format(Locale.ROOT, "%.2fx", v / b))
                .orElse("-");
    }

    private static String csvRatio(double v, Optional<Double> base) {
        return base.filter(b -> b > 0 && !Double.isNaN(v)).map(b -> String.format(Locale.ROOT, "%.3f", v / b))
                .orElse("");
    }

    private static Optional<TargetSummary> netty(List<TargetSummary> summaries) {
        return summaries.stream().filter(s -> s.target().isNetty() && s.measured()).findFirst();
    }

    private static String human(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
