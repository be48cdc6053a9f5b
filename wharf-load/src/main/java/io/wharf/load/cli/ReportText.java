package io.wharf.load.cli;

import io.wharf.load.FailureExample;
import io.wharf.load.FailureKind;
import io.wharf.load.LoadReport;
import io.wharf.load.LoadSpec;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/** The human summary of a {@link LoadReport}: what ran, what came back, how fast and how late. */
final class ReportText {

    private ReportText() {
    }

    static String summary(LoadReport r) {
        return heading(r.spec()) + body(r);
    }

    /** What runs: the target, connections and threads, duration or count, warm-up, loop, message or keep-alive. */
    static String heading(LoadSpec s) {
        return String.format(Locale.ROOT, "wharf load %s %s:%d%s%s: %d connections, %d thread%s, %s%s, %s%s%n",
                name(s), s.host(), s.port(), s.target() == io.wharf.load.TargetKind.HTTP ? s.httpPath() : "",
                s.tls().describe(),
                s.connections(), s.effectiveThreads(), s.effectiveThreads() == 1 ? "" : "s",
                s.requests() > 0 ? String.format(Locale.ROOT, "%,d requests", s.requests()) : seconds(s.duration()),
                s.warmup().isZero() ? "" : " after " + seconds(s.warmup()) + " warm-up",
                s.openLoop() ? String.format(Locale.ROOT, "open loop at %,.0f req/s", s.rate()) : "closed loop",
                s.target() == io.wharf.load.TargetKind.HTTP ? (s.keepAlive() ? ", keep-alive" : ", new connection"
                        + " per request") : ", " + s.messageSize() + " B messages");
    }

    /** What came back. */
    static String body(LoadReport r) {
        LoadSpec s = r.spec();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "  requests  %,d ok, %,d failed in %s: %,.0f req/s, %s/s%n",
                r.successes(), r.totalFailures(), seconds(r.elapsed()), r.requestsPerSecond(),
                io.wharf.core.stats.Bytes.human((long) r.bytesPerSecond())));
        out.append("  latency   ").append(percentiles(r.latencyMicros()))
                .append(s.openLoop() ? "  (from intended send times)" : "").append(System.lineSeparator());
        out.append(String.format(Locale.ROOT, "  connect   %d opened, %s%s%n", r.connectionsOpened(),
                percentiles(r.connectMicros()), s.tls().on() ? "  (connect + TLS handshake)" : ""));
        if (s.tls().on()) {
            out.append(String.format(Locale.ROOT, "  tls       %,d handshakes in the window: %,.0f handshakes/s%n",
                    r.connectsMeasured(), r.connectsPerSecond()));
        }
        out.append("  failures  ").append(failures(r.failures())).append(System.lineSeparator());
        String label = "  e.g.      ";
        for (FailureExample e : r.failureExamples()) {
            out.append(label).append(kind(e.kind())).append(": ").append(e.reply()).append(System.lineSeparator());
            label = "            ";
        }
        return out.toString();
    }

    static String name(LoadSpec s) {
        return switch (s.target()) {
            case ECHO_LINE -> "echo";
            case ECHO_RAW -> "echo-raw";
            case HTTP -> "http";
        };
    }

    static String percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "none measured";
        }
        return "p50 " + micros(h.getValueAtPercentile(50)) + "  p90 " + micros(h.getValueAtPercentile(90))
                + "  p99 " + micros(h.getValueAtPercentile(99)) + "  p99.9 " + micros(h.getValueAtPercentile(99.9))
                + "  max " + micros(h.getMaxValue());
    }

    static String micros(long us) {
        if (us < 1_000) {
            return us + " us";
        }
        return us < 1_000_000 ? String.format(Locale.ROOT, "%.2f ms", us / 1e3)
                : String.format(Locale.ROOT, "%.2f s", us / 1e6);
    }

    static String seconds(java.time.Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** {@code wrong reply}. */
    static String kind(FailureKind k) {
        return k.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static String failures(Map<FailureKind, Long> failures) {
        String listed = failures.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> kind(e.getKey()) + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return listed.isEmpty() ? "none" : listed;
    }
}
