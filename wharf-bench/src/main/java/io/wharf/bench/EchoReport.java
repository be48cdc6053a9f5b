package io.wharf.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Text and CSV renderings of the echo benchmark's results. Ratios are "target / Netty" for every column, so a
 * ratio above 1 is better for round trips/s and worse for latency. Each target is set against Netty with one
 * event loop ({@code netty}); the CSV also sets each against Netty with the reactor's loop count
 * ({@code netty-n}). The headline {@link #ratios} pair each non-blocking model with its own peer: {@code event}
 * with {@code netty}, {@code reactor} with {@code netty-n}.
 */
final class EchoReport {

    private static final double CLIENT_BUSY = 0.9;
    private static final String ROW = "%-10s %14s %10s %10s   %7s %7s %7s   %7s %7s %6s%n";

    /** A wharf model and the Netty it is measured against in the headline ratios. */
    private record Peer(String model, String netty) {
    }

    private static final List<Peer> PEERS = List.of(new Peer("event", Target.NETTY),
            new Peer("reactor", Target.NETTY_N));

    private EchoReport() {
    }

    static String header(BenchOptions o, int cores, String javaVersion) {
        return String.format(Locale.ROOT, """
                wharf echo benchmark: %d connections, %d-byte messages, closed-loop ping-pong (send, await the echo, repeat)
                  runs: warm-up %s + measure %s per target, %d round(s) interleaved; reported: median over rounds
                  servers: separate JVMs (java %s, default flags; pool with one worker per connection);
                  load client: separate JVM, java.nio, %d thread(s); errors = wrong replies + lost or never-answered connections
                  event loops: event 1, netty 1; reactor %d, netty-n %d (--event-loops; default one per core)
                  machine: %d core(s) SHARED by server and load client: compare targets with each other, not with
                           numbers from a dedicated load generator
                """, o.connections(), o.size(), human(o.warmup()), human(o.duration()), o.rounds(), javaVersion,
                o.threads(), o.eventLoops(), o.eventLoops(), cores);
    }

    static String progress(RunResult r) {
        return String.format(Locale.ROOT, "  round %d %-8s %12s rt/s  p50 %8s us  p99 %8s us  server CPU %s  load CPU %s%s",
                r.round(), r.target(), count(r.roundTripsPerSecond()), micros(r.p50Micros()), micros(r.p99Micros()),
                cores(r.serverCpuCores()), cores(r.loadCpuCores()), r.errors() == 0 ? "" : "  ERRORS " + r.errors());
    }

    static String table(List<TargetSummary> summaries) {
        Optional<TargetSummary> netty = measured(summaries, Target.NETTY);
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
        out.append("x netty = target / netty (1 event loop): above 1 is better for round trips/s, worse for p50/p99\n");
        return out.toString();
    }

    /**
     * The headline ratios, median over median: {@code event} against Netty with one loop, {@code reactor} against
     * Netty with as many loops as the reactor. A pair neither side of which ran is left out; a pair with one side
     * missing says which and why. Empty when no pair ran at all.
     */
    static String ratios(List<TargetSummary> summaries) {
        List<String> lines = new ArrayList<>();
        for (Peer peer : PEERS) {
            Optional<TargetSummary> model = find(summaries, peer.model());
            Optional<TargetSummary> netty = find(summaries, peer.netty());
            if (model.isEmpty() && netty.isEmpty()) {
                continue;
            }
            int loops = netty.or(() -> model).orElseThrow().target().eventLoops();
            String label = String.format(Locale.ROOT, "%s / netty(%d %s)", peer.model(), loops,
                    loops == 1 ? "loop" : "loops");
            Optional<String> missing = model.filter(TargetSummary::measured).isEmpty() ? Optional.of(peer.model())
                    : netty.filter(TargetSummary::measured).isEmpty() ? Optional.of(peer.netty()) : Optional.empty();
            if (missing.isPresent()) {
                String why = find(summaries, missing.get()).flatMap(TargetSummary::note).orElse(
                        find(summaries, missing.get()).isPresent() ? "no result" : "not run");
                lines.add(String.format(Locale.ROOT, "  %-24s = -      (%s: %s)", label, missing.get(), why));
                continue;
            }
            TargetSummary m = model.orElseThrow();
            TargetSummary n = netty.orElseThrow();
            lines.add(String.format(Locale.ROOT, "  %-24s = %s round trips/s  (p50 %s, p99 %s; server CPU %s vs %s cores)",
                    label, ratio(m.roundTripsPerSecond(), Optional.of(n.roundTripsPerSecond())),
                    ratio(m.p50Micros(), Optional.of(n.p50Micros())), ratio(m.p99Micros(), Optional.of(n.p99Micros())),
                    cores(m.serverCpuCores()), cores(n.serverCpuCores())));
        }
        if (lines.isEmpty()) {
            return "";
        }
        return "each model against its Netty (median over median; above 1 = more round trips/s, longer p50/p99):\n"
                + String.join("\n", lines) + "\n";
    }

    /** The goal, checked: the event model at >= 1.0x Netty's round trips/s. */
    static Optional<String> verdict(List<TargetSummary> summaries) {
        Optional<TargetSummary> event = measured(summaries, "event");
        Optional<TargetSummary> netty = measured(summaries, Target.NETTY);
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
        Optional<TargetSummary> netty = measured(summaries, Target.NETTY);
        Optional<TargetSummary> nettyN = measured(summaries, Target.NETTY_N);
        List<String> lines = new ArrayList<>();
        lines.add("target,event_loops,round,round_trips_per_s,p50_us,p99_us,server_cpu_cores,load_cpu_cores,errors,"
                + "rt_vs_netty,p50_vs_netty,p99_vs_netty,rt_vs_netty_n,p50_vs_netty_n,p99_vs_netty_n,note");
        for (TargetSummary s : summaries) {
            String loops = s.target().eventLoops() == 0 ? "" : Integer.toString(s.target().eventLoops());
            for (RunResult r : s.runs()) {
                lines.add(String.format(Locale.ROOT, "%s,%s,%d,%.0f,%.1f,%.1f,%.2f,%.2f,%d,,,,,,,", r.target(), loops,
                        r.round(), r.roundTripsPerSecond(), r.p50Micros(), r.p99Micros(), r.serverCpuCores(),
                        r.loadCpuCores(), r.errors()));
            }
            String note = s.note().map(n -> n.replace(',', ';').replace('"', '\'')).orElse("");
            if (!s.measured()) {
                lines.add(s.target() + "," + loops + ",median,,,,,,,,,,,,," + note);
                continue;
            }
            lines.add(String.format(Locale.ROOT, "%s,%s,median,%.0f,%.1f,%.1f,%.2f,%.2f,%d,%s,%s,%s", s.target(),
                    loops, s.roundTripsPerSecond(), s.p50Micros(), s.p99Micros(), s.serverCpuCores(),
                    s.loadCpuCores(), s.errors(), csvRatios(s, netty), csvRatios(s, nettyN), note));
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

    /** The rt/s, p50 and p99 ratios of {@code s} to {@code base}: three CSV fields, empty where unknown. */
    private static String csvRatios(TargetSummary s, Optional<TargetSummary> base) {
        return csvRatio(s.roundTripsPerSecond(), base.map(TargetSummary::roundTripsPerSecond)) + ","
                + csvRatio(s.p50Micros(), base.map(TargetSummary::p50Micros)) + ","
                + csvRatio(s.p99Micros(), base.map(TargetSummary::p99Micros));
    }

    private static Optional<TargetSummary> find(List<TargetSummary> summaries, String name) {
        return summaries.stream().filter(s -> s.target().name().equals(name)).findFirst();
    }

    private static Optional<TargetSummary> measured(List<TargetSummary> summaries, String name) {
        return find(summaries, name).filter(TargetSummary::measured);
    }

    private static String human(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
