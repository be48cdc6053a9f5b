package io.wharf.load.cli;

import io.wharf.load.ChatReport;
import io.wharf.load.ChatSpec;
import io.wharf.load.FailureExample;
import java.util.Locale;

/** The human summary of a {@link ChatReport}: the scenario, messages and deliveries, latency, loss, failures. */
final class ChatReportText {

    private ChatReportText() {
    }

    static String summary(ChatReport r) {
        return heading(r.spec()) + body(r);
    }

    /** What runs: clients, rooms, rate, duration and warm-up, message size, threads. */
    static String heading(ChatSpec s) {
        String target = s.webSocket()
                ? String.format(Locale.ROOT, "ws chat %s://%s:%d%s", s.tls().on() ? "wss" : "ws", s.host(), s.port(),
                        s.wsPath())
                : String.format(Locale.ROOT, "chat %s:%d%s", s.host(), s.port(), s.tls().describe());
        return String.format(Locale.ROOT, "wharf load %s: %,d clients in %d room%s, %s msg/s each, %s"
                        + "%s, %d B messages, %d thread%s%n", target, s.clients(),
                s.rooms(),
                s.rooms() == 1 ? "" : "s", number(s.rate()), ReportText.seconds(s.duration()),
                s.warmup().isZero() ? "" : " after " + ReportText.seconds(s.warmup()) + " warm-up", s.messageSize(),
                s.effectiveThreads(), s.effectiveThreads() == 1 ? "" : "s");
    }

    /** What came back. */
    static String body(ChatReport r) {
        ChatSpec s = r.spec();
        String n = System.lineSeparator();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "  joined      %,d of %,d clients in %s%n", r.joined(), s.clients(),
                ReportText.seconds(r.setup())));
        out.append(String.format(Locale.ROOT, "  messages    %,d sent: %,.0f msg/s%n", r.sent(), r.sentPerSecond()));
        out.append(String.format(Locale.ROOT, "  deliveries  %,d of %,d expected: %,.0f/s (each member, the sender"
                + " too)%n", r.deliveries(), r.expected(), r.deliveriesPerSecond()));
        out.append("  latency     ").append(ReportText.percentiles(r.latencyMicros()))
                .append("  (intended send to receipt)").append(n);
        out.append(String.format(Locale.ROOT, "  delivery    %,d lost, %,d duplicated, %,d out of order%n", r.lost(),
                r.duplicates(), r.late()));
        out.append(String.format(Locale.ROOT, "  server      %,d error line%s%s%s%n", r.serverErrors(),
                r.serverErrors() == 1 ? "" : "s", r.firstError().isEmpty() ? "" : " (first: " + r.firstError() + ")",
                r.otherLines() == 0 ? "" : String.format(Locale.ROOT, ", %,d other lines", r.otherLines())));
        out.append(String.format(Locale.ROOT, "  connect     %d opened, %s%s%n", r.connectionsOpened(),
                ReportText.percentiles(r.connectMicros()), s.tls().on() ? "  (connect + TLS handshake)" : ""));
        out.append("  failures    ").append(ReportText.failures(r.failures())).append(n);
        String label = "  e.g.        ";
        for (FailureExample e : r.failureExamples()) {
            out.append(label).append(ReportText.kind(e.kind())).append(": ").append(e.reply()).append(n);
            label = "              ";
        }
        return out.toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
