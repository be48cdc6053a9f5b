package io.wharf.load.cli;

import io.wharf.load.LoadGenerator;
import io.wharf.load.LoadProgress;
import io.wharf.load.LoadReport;
import io.wharf.load.LoadSpec;
import io.wharf.load.TargetKind;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code wharf load}: drives a server with the load generator and reports what came back. Bad flags are picocli
 * parameter errors (one line, exit 2, through the top command's handler); a target that cannot be reached is one
 * line and exit 2 too; a run with failures exits 1, so a fast wrong server does not pass a script.
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {ScenarioCommand.class, KvLoadCommand.class},
        description = {"Load generator: echo (line), echo-raw, http, chat, ws or kv; closed loop, or open loop with --rate.",
            "chat: -c clients over --rooms rooms, each sending --rate messages/s; deliveries and their latency.",
            "ws: WebSocket echo round trips; ws chat: the chat's load over the browser chat's WebSocket.",
            "Also the brief's form: wharf load <server_ip> <port> <num_threads> <requests_per_thread>."},
        footer = {"", "Examples:",
            "  wharf load echo -c 100 -d 10s             line echo on port 7007",
            "  wharf load echo-raw --size 512 --threads 2",
            "  wharf load http --port 8080 --path /index.html --rate 20000 --hgrm out.hgrm",
            "  wharf load http --tls --ca cert.pem --no-keepalive   port 8443: a TLS handshake per request",
            "  wharf load 127.0.0.1 7007 8 1000          8 connections x 1000 requests (line echo)",
            "  wharf load chat -c 1000 --rooms 10 --rate 1 -d 30s --warmup 5s",
            "  wharf load run conf/scenarios/http.yaml   a scenario file: stages, a request mix, thresholds",
            "  wharf load ws -c 50 --size 64 -d 10s      WebSocket echo at ws://127.0.0.1:8080/echo",
            "  wharf load ws chat -c 1000 --rooms 10     the chat load over ws://127.0.0.1:8080/chat (JSON)"})
public final class LoadCommand implements Callable<Integer> {

    private static final int ECHO_PORT = 7007;
    static final int HTTP_PORT = 8080;
    static final int HTTPS_PORT = 8443;
    static final int CHAT_PORT = 6667;
    static final int CHAT_TLS_PORT = 6697;

    @Spec
    CommandSpec spec;

    // 0..4 rather than 1..4: a required positional would be demanded of 'wharf load run' and 'wharf load kv' too;
    // call() asks for it
    @Parameters(arity = "0..4", paramLabel = "TARGET",
            description = "echo, echo-raw, http, chat, ws [echo|chat]; or <server_ip> <port> <num_threads> "
                    + "<requests_per_thread>.")
    List<String> positional;

    @Option(names = "--host", paramLabel = "HOST", description = "Server address (default 127.0.0.1).")
    String host = "127.0.0.1";

    @Option(names = {"-p", "--port"}, description = "Server port (default 7007 for echo, 8080 for http and ws (8443 "
            + "with --tls), 6667 for chat (6697 with --tls)).")
    Integer port;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", description = "Concurrent connections (50); chat: "
            + "clients.")
    int connections = 50;

    @Option(names = "--rooms", paramLabel = "R", description = "chat: rooms the clients are spread over (10, at "
            + "most one per client).")
    Integer rooms;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Measured time, e.g. 10s, 2m (default 10s).")
    Duration duration;

    @Option(names = {"-n", "--requests"}, paramLabel = "N", description = "Measured requests instead of a duration.")
    Long requests;

    @Option(names = "--threads", paramLabel = "N", description = "Load threads, each a selector (1).")
    int threads = 1;

    @Option(names = "--size", paramLabel = "BYTES", description = "Echo message size, newline included (64); chat:"
            + " message text size.")
    int size = 64;

    @Option(names = "--warmup", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Unmeasured warm-up first (1s).")
    Duration warmup = Duration.ofSeconds(1);

    @Option(names = "--rate", paramLabel = "R", description = "Open loop: R requests/s in total; latency counts "
            + "from each request's intended send time. chat: messages/s per client (1).")
    double rate;

    @Option(names = "--path", paramLabel = "PATH", description = "http: the path to GET (/); ws: the WebSocket's "
            + "path (/echo; ws chat: /chat).")
    String path = "/";

    @Option(names = "--no-keepalive", description = "http: a new connection per request.")
    boolean noKeepAlive;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Connect and reply timeout (5s).")
    Duration timeout = Duration.ofSeconds(5);

    @Mixin
    TlsFlags tls = new TlsFlags();

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--hgrm", paramLabel = "FILE", description = "Write the latency percentile distribution "
            + "(HdrHistogram .hgrm, milliseconds).")
    Path hgrm;

    @Option(names = "--progress", description = "Show the live progress line even when stderr is not a terminal.")
    boolean progress;

    @Override
    public Integer call() {
        if (positional == null || positional.isEmpty()) {
            throw usage("Missing required parameter: 'TARGET' (echo, echo-raw, http, chat, kv, or run SCENARIO)");
        }
        if (positional.size() == 1 && positional.get(0).equals("chat")) {
            return new ChatRun(this, false).call();
        }
        if (positional.get(0).equals("ws") && positional.size() <= 2) {
            String what = positional.size() == 2 ? positional.get(1) : "echo";
            return switch (what) {
                case "echo" -> new WsRun(this).call();
                case "chat" -> new ChatRun(this, true).call();
                default -> throw usage("unknown ws target '" + what + "': choose echo or chat");
            };
        }
        LoadSpec load = spec();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressLine line = progress || ProgressLine.stderrIsTerminal() ? new ProgressLine(err) : null;
        LoadReport report;
        try {
            report = LoadGenerator.run(load, new RunProgress(() -> announce(ReportText.heading(load), out, err),
                    line == null ? LoadProgress.NONE : line));
        } catch (IOException e) {
            err.println("wharf: " + e.getMessage());
            return 2;
        } finally {
            if (line != null) {
                line.clear();
            }
        }
        out.print(json ? ReportJson.render(report) + System.lineSeparator() : ReportText.body(report));
        out.flush();
        if (hgrm != null && !writeHgrm(report.latencyMicros(), err)) {
            return 2;
        }
        return report.totalFailures() == 0 && report.successes() > 0 ? 0 : 1;
    }

    /**
     * Says what is about to run: on stdout, where the report's own first line would be (the report then follows
     * it), or on stderr with {@code --json}, whose stdout is the JSON alone.
     */
    void announce(String heading, PrintWriter out, PrintWriter err) {
        PrintWriter to = json ? err : out;
        to.print(heading);
        to.flush();
    }

    /** Writes {@code latency} to the {@code --hgrm} file; false (the reason said on {@code err}) if it cannot. */
    boolean writeHgrm(org.HdrHistogram.Histogram latency, PrintWriter err) {
        try (PrintStream file = new PrintStream(Files.newOutputStream(hgrm), true,
                java.nio.charset.StandardCharsets.UTF_8)) {
            latency.outputPercentileDistribution(file, 1000.0);
            return true;
        } catch (IOException e) {
            err.println("wharf: cannot write " + hgrm + ": " + e.getMessage());
            return false;
        }
    }

    /** The run the arguments ask for; a bad combination or value is a parameter error. */
    LoadSpec spec() {
        if (duration != null && requests != null) {
            throw usage("--duration and --requests exclude each other: give one");
        }
        if (rooms != null) {
            throw usage("--rooms applies to chat only");
        }
        try {
            if (positional.size() == 4) {
                return seedForm();
            }
            if (positional.size() != 1) {
                throw usage("expected a target (echo, echo-raw, http, chat) or <server_ip> <port> <num_threads>"
                        + " <requests_per_thread>, got " + positional.size() + " arguments");
            }
            TargetKind kind = switch (positional.get(0)) {
                case "echo" -> TargetKind.ECHO_LINE;
                case "echo-raw" -> TargetKind.ECHO_RAW;
                case "http" -> TargetKind.HTTP;
                default -> throw usage("unknown target '" + positional.get(0) + "': choose echo, echo-raw, http or chat");
            };
            int p = port != null ? port : kind != TargetKind.HTTP ? ECHO_PORT : tls.on() ? HTTPS_PORT : HTTP_PORT;
            return new LoadSpec(kind, host, p, connections, threads,
                    duration != null ? duration : Duration.ofSeconds(10), requests != null ? requests : 0, warmup,
                    size, rate, path, !noKeepAlive, timeout, tls.clientTls(spec));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** {@code <server_ip> <port> <num_threads> <requests_per_thread>}: one connection per client thread. */
    private LoadSpec seedForm() {
        int p = number(positional.get(1), "port");
        int clients = number(positional.get(2), "num_threads");
        int each = number(positional.get(3), "requests_per_thread");
        int cores = Runtime.getRuntime().availableProcessors();
        return new LoadSpec(TargetKind.ECHO_LINE, positional.get(0), p, clients, Math.min(clients, cores),
                Duration.ofSeconds(10), (long) clients * each, Duration.ZERO, size, rate, path, true, timeout,
                tls.clientTls(spec));
    }

    private int number(String raw, String what) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw usage(what + " must be a number, not '" + raw + "'");
        }
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
