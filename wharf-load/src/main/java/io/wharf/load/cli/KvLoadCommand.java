package io.wharf.load.cli;

import io.wharf.load.kv.KvLoad;
import io.wharf.load.kv.KvLoadReport;
import io.wharf.load.kv.KvLoadSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code wharf load kv}: a GET/SET load against a Redis-protocol server (wharf serve kv, Redis). Exit 0 when
 * every command succeeded, 1 with failures, 2 for bad flags or an unreachable server.
 */
@Command(name = "kv", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Redis-protocol load: a GET/SET mix over a key space, pipelined, closed or open loop."},
        footer = {"", "Examples:",
            "  wharf load kv -c 50 -d 10s                       90% GET over 100000 keys, port 6379",
            "  wharf load kv --pipeline 16 --get-ratio 0.5 --size 1024",
            "  wharf load kv --rate 50000 -d 30s --hgrm kv.hgrm  open loop, latency from the intended send time",
            "  wharf load kv --tls --insecure                   wharf serve kv --tls, its development certificate"})
public final class KvLoadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", description = "Server address (127.0.0.1).")
    String host = "127.0.0.1";

    @Option(names = {"-p", "--port"}, description = "Server port (6379).")
    int port = 6379;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", description = "Concurrent connections (50).")
    int connections = 50;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Measured time (10s).")
    Duration duration;

    @Option(names = {"-n", "--requests"}, paramLabel = "N", description = "Measured commands instead of a duration.")
    Long requests;

    @Option(names = "--warmup", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Unmeasured warm-up first (1s).")
    Duration warmup = Duration.ofSeconds(1);

    @Option(names = "--keys", paramLabel = "N", description = "Key space: key:0 .. key:N-1, picked uniformly (100000).")
    int keys = 100_000;

    @Option(names = "--size", paramLabel = "BYTES", description = "SET value size (100).")
    int size = 100;

    @Option(names = "--get-ratio", paramLabel = "R", description = "Share of GETs, 0 to 1 (0.9); the rest SETs.")
    double getRatio = 0.9;

    @Option(names = {"-P", "--pipeline"}, paramLabel = "N", description = "Commands per batch before reading (1).")
    int pipeline = 1;

    @Option(names = "--rate", paramLabel = "R", description = "Open loop: R commands/s in total; latency counts "
            + "from each batch's intended send time.")
    double rate;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Connect and reply timeout (5s).")
    Duration timeout = Duration.ofSeconds(5);

    @Option(names = "--hgrm", paramLabel = "FILE", description = "Write the latency distribution (HdrHistogram .hgrm, ms).")
    Path hgrm;

    @Mixin
    TlsFlags tls = new TlsFlags();

    @Override
    public Integer call() throws InterruptedException {
        if (duration != null && requests != null) {
            throw new ParameterException(spec.commandLine(), "--duration and --requests exclude each other: give one");
        }
        KvLoadSpec load;
        try {
            load = new KvLoadSpec(host, port, connections, duration != null ? duration : Duration.ofSeconds(10),
                    requests != null ? requests : 0, warmup, keys, size, getRatio, pipeline, rate, timeout,
                    tls.clientTls(spec));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KvLoadReport report;
        try {
            report = KvLoad.run(load);
        } catch (IOException e) {
            err.println("wharf: " + e.getMessage());
            return 2;
        }
        out.print(report.text());
        out.flush();
        if (hgrm != null) {
            try (PrintStream file = new PrintStream(Files.newOutputStream(hgrm), true,
                    java.nio.charset.StandardCharsets.UTF_8)) {
                report.latency().outputPercentileDistribution(file, 1000.0);
            } catch (IOException e) {
                err.println("wharf: cannot write " + hgrm + ": " + e.getMessage());
                return 2;
            }
        }
        return report.failures() == 0 && report.commands() > 0 ? 0 : 1;
    }
}
