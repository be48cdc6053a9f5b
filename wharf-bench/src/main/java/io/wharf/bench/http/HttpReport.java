package io.wharf.bench.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Text and CSV renderings of the HTTP benchmark's results. Ratios are "row / peer" requests/s, so above 1 means the
 * row served more requests per second than that peer.
 */
final class HttpReport {

    private static final String ROW = "  %-18s %12s %10s %9s %9s %8s %6s %8s %8s%n";

    private HttpReport() {
    }

    static String header(HttpBenchOptions o, int cores, String javaVersion, String nginxVersion, String wrkVersion) {
        return String.format(Locale.ROOT, """
                wharf HTTP benchmark: GET of a 1 KiB and a 1 MiB file, %d keep-alive connections
                  load: %s, %d thread(s), warm-up %s + measure %s per target and file, %d round(s) interleaved;
                        reported: median over the rounds; a run with socket errors or non-2xx/3xx answers is flagged
                        and left out of the medians
                  servers: wharf per model and Jetty %s (ResourceHandler) in separate JVMs (java %s, default flags);
                           %s with 1 worker, sendfile, tcp_nopush, no access log; all serve the same folder
                  machine: %d core(s) SHARED by the server and wrk: compare targets with each other, not with
                           numbers from a dedicated load generator
                """, o.connections(), wrkVersion, o.threads(), seconds(o.warmup()), seconds(o.duration()),
                o.rounds(), JettyFileServer.version(), javaVersion, nginxVersion, cores);
    }

    static String progress(HttpRun r) {
        WrkResult w = r.wrk();
        return String.format(Locale.ROOT, "  round %d %-18s %-6s %12s req/s  %10s/s  p50 %8s ms  p99 %8s ms  server CPU %s%s",
                r.round(), r.target(), r.file().label(), count(w.requestsPerSecond()),
                bytes(w.transferBytesPerSecond()), millis(w.p50Micros()), millis(w.p99Micros()),
                cores(r.serverCpuCores()), w.problem().map(p -> "  FLAGGED: " + p).orElse(""));
    }

    static String failure(int round, HttpTarget target, String why) {
        return String.format(Locale.ROOT, "  round %d %-18s FAILED: %s", round, target, why);
    }

    /**
     * What tracing costs: each traced target against the same model with tracing off, on each file, as its
     * requests/s and its server CPU per request; empty when nothing was traced.
     */
    static String tracingCost(List<HttpSummary> summaries) {
        StringBuilder out = new StringBuilder();
        for (HttpSummary traced : summaries) {
            if (traced.target().tracing().isEmpty() || !traced.measured()) {
                continue;
            }
            Optional<HttpSummary> off = HttpGoals.find(summaries, traced.target().untraced(), traced.file());
            if (off.isEmpty()) {
                continue;
            }
            double cpu = perRequest(traced) / perRequest(off.get());
            out.append(String.format(Locale.ROOT, "tracing: %s on %s: %s requests/s of tracing off's, %s its server"
                            + " CPU per request%n", traced.target(), traced.file().label(),
                    ratio(HttpGoals.ratio(Optional.of(traced), off)), Double.isFinite(cpu)
                            ? String.format(Locale.ROOT, "%.2fx", cpu) : "-"));
        }
        return out.toString();
    }

    private static double perRequest(HttpSummary s) {
        return s.serverCpuCores() / s.requestsPerSecond();
    }

    /** One block per file: every target's medians and its ratios to each peer. */
    static String table(List<HttpSummary> summaries) {
        StringBuilder out = new StringBuilder();
        for (BenchFile file : BenchFile.ALL) {
            List<HttpSummary> rows = summaries.stream().filter(s -> s.file().equals(file)).toList();
            if (rows.isEmpty()) {
                continue;
            }
            Optional<HttpSummary> nginx = HttpGoals.find(summaries, HttpTarget.NGINX, file);
            Optional<HttpSummary> jetty = HttpGoals.find(summaries, HttpTarget.JETTY, file);
            out.append(file.label()).append(" (GET ").append(file.path()).append(")\n");
            out.append(String.format(Locale.ROOT, ROW, "target", "requests/s", "transfer/s", "p50 ms", "p99 ms",
                    "srv CPU", "runs", "x nginx", "x jetty"));
            for (HttpSummary s : rows) {
                String runs = s.cleanRuns().size() + "/" + (s.runs().size() + s.failures().size());
                if (!s.measured()) {
                    out.append(String.format(Locale.ROOT, "  %-18s %12s %s%n", s.target(), "-", "no clean run: " + s.note()));
                    continue;
                }
                Optional<HttpSummary> row = Optional.of(s);
                out.append(String.format(Locale.ROOT, ROW, s.target(), count(s.requestsPerSecond()),
                        bytes(s.transferBytesPerSecond()), millis(s.p50Micros()), millis(s.p99Micros()),
                        cores(s.serverCpuCores()), runs, ratio(HttpGoals.ratio(row, nginx)),
                        ratio(HttpGoals.ratio(row, jetty))));
                if (!s.note().isEmpty()) {
                    out.append("                 note: ").append(s.note()).append('\n');
                }
            }
            HttpGoals.bestWharf(summaries, file).ifPresent(best -> out.append("  wharf's best model here: ")
                    .append(best.target().model().orElseThrow().id()).append('\n'));
            out.append('\n');
        }
        out.append("runs = clean runs / runs tried; x peer = requests/s over the peer's (above 1: more than the peer)\n");
        return out.toString();
    }

    static List<String> csv(List<HttpSummary> summaries) {
        List<String> lines = new ArrayList<>();
        lines.add("target,file,round,requests_per_s,transfer_bytes_per_s,p50_ms,p75_ms,p90_ms,p99_ms,requests,"
                + "socket_errors,non_2xx_3xx,flagged,server_cpu_cores,vs_nginx,vs_jetty,note");
        for (HttpSummary s : summaries) {
            for (HttpRun r : s.runs()) {
                WrkResult w = r.wrk();
                lines.add(String.format(Locale.ROOT, "%s,%s,%d,%.1f,%.0f,%.3f,%.3f,%.3f,%.3f,%d,%d,%d,%s,%.2f,,,%s",
                        s.target(), s.file().name(), r.round(), w.requestsPerSecond(), w.transferBytesPerSecond(),
                        w.p50Micros() / 1000, w.p75Micros() / 1000, w.p90Micros() / 1000, w.p99Micros() / 1000,
                        w.requests(), w.socketErrors().total(), w.badStatus(), w.flagged(), r.serverCpuCores(),
                        csvText(w.problem().orElse(""))));
            }
            Optional<HttpSummary> row = Optional.of(s).filter(HttpSummary::measured);
            String median = row.isEmpty() ? ",,,,,,,,,,," : String.format(Locale.ROOT,
                    "%.1f,%.0f,%.3f,,,%.3f,,,,,%.2f,", s.requestsPerSecond(), s.transferBytesPerSecond(),
                    s.p50Micros() / 1000, s.p99Micros() / 1000, s.serverCpuCores());
            lines.add(s.target() + "," + s.file().name() + ",median," + median
                    + csvRatio(HttpGoals.ratio(row, HttpGoals.find(summaries, HttpTarget.NGINX, s.file()))) + ","
                    + csvRatio(HttpGoals.ratio(row, HttpGoals.find(summaries, HttpTarget.JETTY, s.file()))) + ","
                    + csvText(s.note()));
        }
        return lines;
    }

    static String count(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String millis(double micros) {
        return Double.isNaN(micros) ? "-" : String.format(Locale.ROOT, "%,.2f", micros / 1000);
    }

    /** Binary units, as wrk prints them. */
    static String bytes(double perSecond) {
        if (Double.isNaN(perSecond)) {
            return "-";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        double v = perSecond;
        while (v >= 1024 && unit < units.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
    }

    private static String cores(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ratio(Optional<Double> r) {
        return r.map(v -> String.format(Locale.ROOT, "%.2fx", v)).orElse("-");
    }

    private static String csvRatio(Optional<Double> r) {
        return r.map(v -> String.format(Locale.ROOT, "%.3f", v)).orElse("");
    }

    /** A free-text CSV cell: no commas or quotes, which would shift the columns. */
    private static String csvText(String s) {
        return s.replace(',', ';').replace('"', '\'');
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }
}
