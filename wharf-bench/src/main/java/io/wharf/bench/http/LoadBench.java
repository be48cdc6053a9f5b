package io.wharf.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.bench.Args;
import io.wharf.bench.BenchFiles;
import io.wharf.bench.BenchMain;
import io.wharf.bench.Medians;
import io.wharf.bench.ServerProcess;
import io.wharf.bench.WharfLoad;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Is wharf's load generator the bottleneck? wrk and {@code wharf load http} take turns against the same nginx
 * (one worker, the 1 KiB file, the same connections and one client thread each), each in a process of its own,
 * with the first tool alternating per round; the medians and their ratio are printed. The goal: wharf
 * load reaches at least 0.9x wrk's requests/s.
 *
 * <p>Threading: runs on the main thread; nginx, wrk and wharf are child processes.
 */
public final class LoadBench {

    private static final String TOOL = "load-bench";
    private static final double GOAL = 0.9;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final String USAGE = """
            usage: bench/load.sh [--rounds 3] [--warmup 3s] [--duration 10s] [--connections 50]
                                 [--wharf-jar PATH] [--nginx PATH] [--wrk PATH]""";

    private LoadBench() {
    }

    public static void main(String[] argv) throws InterruptedException {
        BenchMain.run(TOOL, USAGE, Set.of("rounds", "warmup", "duration", "connections", "wharf-jar", "nginx", "wrk"),
                argv, args -> {
                    Path scratch = Files.createTempDirectory("wharf-load-bench");
                    try {
                        return run(args, scratch);
                    } finally {
                        BenchFiles.deleteTree(scratch, TOOL);
                    }
                });
    }

    private static int run(Args args, Path scratch) throws IOException, InterruptedException {
        int rounds = args.positiveInt("rounds", 3);
        int connections = args.positiveInt("connections", 50);
        Duration warmup = args.duration("warmup", Duration.ofSeconds(3));
        Duration duration = args.duration("duration", Duration.ofSeconds(10));
        Path wharfJar = Path.of(args.string("wharf-jar", "wharf-cli/target/wharf.jar"));
        Wrk wrk = new Wrk(Path.of(args.string("wrk", "/usr/bin/wrk")), 1, connections);
        Path www = Files.createDirectories(scratch.resolve("www"));
        BenchFile.SMALL.writeInto(www);
        int port = ServerProcess.freePort();
        NginxConfig config = NginxConfig.forCurrentUser(port, www, Files.createDirectories(scratch.resolve("nginx")));
        Files.writeString(config.file(), config.render(), StandardCharsets.UTF_8);
        ServerCommands commands = ServerCommands.current(wharfJar, Path.of(args.string("nginx", "/usr/sbin/nginx")));
        String url = "http://127.0.0.1:" + port + BenchFile.SMALL.path();
        System.out.printf(Locale.ROOT, "load-bench: wrk vs wharf load http against nginx (1 worker), %s, %d connections,"
                + " 1 client thread, %d x %d s, %d cores%n", BenchFile.SMALL.label(), connections, rounds,
                duration.toSeconds(), Runtime.getRuntime().availableProcessors());
        List<Double> wrkRps = new ArrayList<>();
        List<Double> wharfRps = new ArrayList<>();
        boolean clean = true;
        try (ServerProcess nginx = ServerProcess.start("nginx", commands.nginx(config), port,
                scratch.resolve("nginx.log"))) {
            nginx.awaitListening(STARTUP_TIMEOUT);
            for (int round = 1; round <= rounds; round++) {
                for (int turn = 0; turn < 2; turn++) {
                    boolean wrkTurn = (turn + round) % 2 == 1;
                    if (wrkTurn) {
                        wrk.run(url, warmup);
                        WrkResult r = wrk.run(url, duration);
                        wrkRps.add(r.requestsPerSecond());
                        clean &= !r.flagged();
                        System.out.printf(Locale.ROOT, "  round %d  wrk         %,10.0f req/s  p50 %.0f us  p99 %.0f us%s%n",
                                round, r.requestsPerSecond(), r.p50Micros(), r.p99Micros(),
                                r.problem().map(p -> "  (" + p + ")").orElse(""));
                    } else {
                        JsonNode r = wharfLoad(wharfJar, port, connections, warmup, duration);
                        wharfRps.add(r.path("requests_per_second").asDouble());
                        long failed = r.path("total_failures").asLong();
                        clean &= failed == 0;
                        System.out.printf(Locale.ROOT, "  round %d  wharf load  %,10.0f req/s  p50 %d us  p99 %d us%s%n",
                                round, r.path("requests_per_second").asDouble(), r.path("latency_us").path("p50").asLong(),
                                r.path("latency_us").path("p99").asLong(), WharfLoad.failureNote(r));
                    }
                }
            }
            nginx.checkAlive();
        }
        double w = Medians.median(wrkRps, Double::doubleValue);
        double l = Medians.median(wharfRps, Double::doubleValue);
        System.out.printf(Locale.ROOT, "median: wrk %,.0f req/s, wharf load %,.0f req/s, ratio %.2f (goal >= %.1f): %s%n",
                w, l, l / w, GOAL, l / w >= GOAL ? "met" : "NOT met");
        return clean && l / w >= GOAL ? 0 : 1;
    }

    /** One {@code wharf load http} run in its own JVM, its JSON report read back. */
    private static JsonNode wharfLoad(Path wharfJar, int port, int connections, Duration warmup, Duration duration)
            throws IOException, InterruptedException {
        return WharfLoad.run("wharf load", wharfJar, List.of("load", "http",
                "--port", Integer.toString(port), "--path", BenchFile.SMALL.path(), "-c", Integer.toString(connections),
                "--threads", "1", "--warmup", warmup.toMillis() + "ms", "-d", duration.toMillis() + "ms"),
                warmup.plus(duration).plus(GRACE));
    }
}
