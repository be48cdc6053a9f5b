package io.wharf.load.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.load.ws.WsEchoLoad;
import io.wharf.load.ws.WsLoadReport;
import io.wharf.load.ws.WsLoadSpec;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code wharf load ws}: {@link LoadCommand}'s flags read as a WebSocket echo run ({@code -c} clients, {@code --size}
 * bytes, {@code --rate}, against {@code ws://HOST:PORT/PATH}, port 8080 and {@code /echo} by default), the run,
 * and its report: round trips/s and latency percentiles. Flags for other targets are parameter errors (one line,
 * exit 2); an unreachable server is one line and exit 2; a run with failures exits 1.
 */
final class WsRun {

    private static final int HTTP_PORT = 8080;

    private final LoadCommand command;

    WsRun(LoadCommand command) {
        this.command = command;
    }

    Integer call() {
        WsLoadSpec load = spec();
        PrintWriter out = command.spec.commandLine().getOut();
        PrintWriter err = command.spec.commandLine().getErr();
        PrintWriter heading = command.json ? err : out;
        heading.printf(Locale.ROOT, "wharf load ws: %d clients, %d-byte text, %s, ws://%s:%d%s, %d s after %d s "
                        + "warm-up%n", load.connections(), load.size(), load.rate() > 0
                        ? String.format(Locale.ROOT, "%.0f msg/s", load.rate()) : "closed loop", load.host(), load.port(),
                load.path(), load.duration().toSeconds(), load.warmup().toSeconds());
        heading.flush();
        WsLoadReport r;
        try {
            r = WsEchoLoad.run(load);
        } catch (IOException e) {
            err.println("wharf: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
        if (r.opened() == 0 && r.failures() > 0) {
            err.println("wharf: no WebSocket opened at ws://" + load.host() + ":" + load.port() + load.path() + ": "
                    + r.failureExamples().get(0));
            return 2;
        }
        out.println(command.json ? json(r) : text(r));
        out.flush();
        if (command.hgrm != null && !command.writeHgrm(r.latencyMicros(), err)) {
            return 2;
        }
        return r.clean() ? 0 : 1;
    }

    WsLoadSpec spec() {
        ParseResult parsed = command.spec.commandLine().getParseResult();
        for (String flag : new String[] {"--requests", "--no-keepalive", "--rooms"}) {
            if (parsed.hasMatchedOption(flag)) {
                throw command.usage(flag + " does not apply to ws");
            }
        }
        try {
            return new WsLoadSpec(command.host, command.port != null ? command.port : HTTP_PORT,
                    parsed.hasMatchedOption("--path") ? command.path : "/echo", command.connections, command.threads,
                    command.size, command.rate, command.warmup,
                    command.duration != null ? command.duration : Duration.ofSeconds(10));
        } catch (IllegalArgumentException e) {
            throw command.usage(e.getMessage());
        }
    }

    static String text(WsLoadReport r) {
        Histogram h = r.latencyMicros();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "opened %d/%d, %,d round trips, %,.0f round trips/s%nlatency p50 %s  p90 %s  p99 %s  p99.9 %s  max %s",
                r.opened(), r.spec().connections(), r.roundTrips(), r.roundTripsPerSecond(),
                us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)),
                us(h.getValueAtPercentile(99.9)), us(h.getMaxValue())));
        if (r.failures() > 0) {
            b.append(String.format(Locale.ROOT, "%n%d failure(s), e.g. %s", r.failures(), r.failureExamples()));
        }
        return b.toString();
    }

    static String json(WsLoadReport r) {
        ObjectNode o = new ObjectMapper().createObjectNode().put("target", "ws")
                .put("connections", r.spec().connections()).put("opened", r.opened()).put("size", r.spec().size())
                .put("rate", r.spec().rate()).put("round_trips", r.roundTrips())
                .put("round_trips_all", r.allRoundTrips())
                .put("round_trips_per_second", r.roundTripsPerSecond()).put("total_failures", r.failures());
        Histogram h = r.latencyMicros();
        o.putObject("latency_us").put("p50", h.getValueAtPercentile(50)).put("p90", h.getValueAtPercentile(90))
                .put("p99", h.getValueAtPercentile(99)).put("p999", h.getValueAtPercentile(99.9))
                .put("max", h.getMaxValue());
        r.failureExamples().forEach(o.putArray("failure_examples")::add);
        return o.toString();
    }

    private static String us(long micros) {
        return micros < 1000 ? micros + "us" : String.format(Locale.ROOT, "%.2fms", micros / 1000.0);
    }
}
