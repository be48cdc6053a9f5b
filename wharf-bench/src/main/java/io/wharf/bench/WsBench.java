package io.wharf.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The WebSocket benchmark: an echo at {@code /echo} served by each of {@link WsTargets} in a process of its own,
 * all started once and kept running, driven by the same {@code wharf load ws} (50 clients, 64-byte text, closed
 * loop by default) round by round: each round runs every target once, so a slow patch of the machine falls on all
 * of them rather than on one. Per target, the medians over the rounds of round trips/s, latency and the server's
 * CPU seconds per 1,000 round trips (its utime + stime, which the JDK reads from {@code /proc/PID/stat}, over the
 * whole load run, warm-up included, divided by every round trip of that run); the ratios wharf/Netty at equal
 * loops and wharf/ws from the medians; and a CSV of every round under bench-results/. Node's row is skipped, with
 * a note, when node or npm is missing or cannot install {@code ws}.
 *
 * <p>Threading: runs on the main thread; servers and the load are child processes.
 */
public final class WsBench {

    private static final String TOOL = "ws-bench";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final String USAGE = """
            usage: bench/ws.sh [--targets event,reactor,netty,netty-n,node-ws] [--connections 50] [--size 64]
                               [--rate 0] [--loops CORES] [--warmup 2s] [--duration 10s] [--rounds 1] [--threads 1]
                               [--wharf-jar PATH]""";

    /** One target's result in one round. */
    private record Round(double rate, long p50, long p99, double cpuPerThousand, long failures) {
    }

    private WsBench() {
    }

    public static void main(String[] argv) throws InterruptedException {
        BenchMain.run(TOOL, USAGE, Set.of("targets", "connections", "size", "rate", "loops", "warmup", "duration",
                "rounds", "threads", "wharf-jar"), argv, WsBench::run);
    }

    private static int run(Args args) throws IOException, InterruptedException {
        List<String> targets = args.list("targets", WsTargets.ALL);
        for (String t : targets) {
            if (!WsTargets.ALL.contains(t)) {
                throw new IllegalArgumentException("--targets: unknown '" + t + "'; choose from " + WsTargets.ALL);
            }
        }
        int connections = args.positiveInt("connections", 50);
        int size = args.positiveInt("size", 64);
        int rate = Integer.parseInt(args.string("rate", "0"));
        int loops = args.positiveInt("loops", Runtime.getRuntime().availableProcessors());
        int rounds = args.positiveInt("rounds", 1);
        int threads = args.positiveInt("threads", 1);
        Duration warmup = args.duration("warmup", Duration.ofSeconds(2));
        Duration duration = args.duration("duration", Duration.ofSeconds(10));
        Path wharfJar = Path.of(args.string("wharf-jar", "wharf-cli/target/wharf.jar"));
        Path results = Files.createDirectories(Path.of("bench-results"));
        System.out.printf(Locale.ROOT, "%s: %d clients, %d-byte text, %s, %d s after %d s warm-up, %d round(s) of "
                        + "every target, reactor and netty-n with %d loops, %d cores%n", TOOL, connections, size,
                rate > 0 ? rate + " msg/s" : "closed loop", duration.toSeconds(), warmup.toSeconds(), rounds, loops,
                Runtime.getRuntime().availableProcessors());
        Map<String, ServerProcess> servers = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        Map<String, List<Round>> measured = new LinkedHashMap<>();
        List<String> csv = new ArrayList<>(List.of("target,loops,round,round_trips_per_s,p50_us,p99_us,"
                + "server_cpu_s_per_1k_round_trips,failures"));
        try {
            for (String target : targets) {
                int port = ServerProcess.freePort();
                List<String> command = WsTargets.command(target, port, wharfJar, results, WsTargets.loops(target, loops));
                if (command == null) {
                    System.out.printf(Locale.ROOT, "%-8s skipped: node, npm or the ws package is not available%n", target);
                    continue;
                }
                servers.put(target, ServerProcess.start(target, command, port, results.resolve("ws-" + target + ".log")));
                ports.put(target, port);
                measured.put(target, new ArrayList<>());
            }
            for (ServerProcess server : servers.values()) {
                server.awaitListening(STARTUP_TIMEOUT);
            }
            List<String> load = List.of("-c", Integer.toString(connections), "--size", Integer.toString(size),
                    "--rate", Integer.toString(rate), "--threads", Integer.toString(threads),
                    "--warmup", warmup.toMillis() + "ms", "-d", duration.toMillis() + "ms");
            for (int round = 1; round <= rounds; round++) {
                for (Map.Entry<String, ServerProcess> e : servers.entrySet()) {
                    String target = e.getKey();
                    Round r = measure(e.getValue(), ports.get(target), load, wharfJar, warmup.plus(duration).plus(GRACE));
                    measured.get(target).add(r);
                    System.out.printf(Locale.ROOT, "round %d/%d  %-8s %,12.0f round trips/s  %s CPU s/1k%n", round,
                            rounds, target, r.rate(), cpu(r.cpuPerThousand()));
                    csv.add(String.join(",", target, Integer.toString(WsTargets.loops(target, loops)),
                            Integer.toString(round), String.format(Locale.ROOT, "%.0f", r.rate()), Long.toString(r.p50()),
                            Long.toString(r.p99()), String.format(Locale.ROOT, "%.6f", r.cpuPerThousand()),
                            Long.toString(r.failures())));
                }
            }
        } finally {
            servers.values().forEach(ServerProcess::close);
        }
        return report(measured, loops, results, csv);
    }

    /** One load run against a running server, and the CPU the server spent on it. */
    private static Round measure(ServerProcess server, int port, List<String> load, Path wharfJar, Duration limit)
            throws IOException, InterruptedException {
        Duration before = server.cpuTime();
        List<String> loadArgs = new ArrayList<>(List.of("load", "ws", "--port", Integer.toString(port)));
        loadArgs.addAll(load);
        JsonNode r = WharfLoad.run("wharf load ws", wharfJar, loadArgs, limit);
        server.checkAlive();
        Duration after = server.cpuTime();
        long all = r.path("round_trips_all").asLong();
        double cpu = before == null || after == null || all == 0 ? Double.NaN
                : after.minus(before).toNanos() / 1e9 / (all / 1000.0);
        JsonNode lat = r.path("latency_us");
        return new Round(r.path("round_trips_per_second").asDouble(), lat.path("p50").asLong(), lat.path("p99").asLong(),
                cpu, r.path("total_failures").asLong());
    }

    /** The medians per target, the ratios from them, and the CSV; exit 1 if any round failed anything. */
    private static int report(Map<String, List<Round>> measured, int loops, Path results, List<String> csv)
            throws IOException {
        System.out.printf(Locale.ROOT, "%nmedians over the rounds:%n%-8s %5s %15s %9s %9s %12s %9s%n", "target", "loops",
                "round trips/s", "p50", "p99", "CPU s/1k", "failures");
        Map<String, Double> rates = new LinkedHashMap<>();
        long failures = 0;
        for (Map.Entry<String, List<Round>> e : measured.entrySet()) {
            List<Round> rs = e.getValue();
            double rate = Medians.median(rs, Round::rate);
            long failed = rs.stream().mapToLong(Round::failures).sum();
            failures += failed;
            rates.put(e.getKey(), rate);
            System.out.printf(Locale.ROOT, "%-8s %5d %,15.0f %9s %9s %12s %9d%n", e.getKey(),
                    WsTargets.loops(e.getKey(), loops), rate, micros(Medians.median(rs, Round::p50)),
                    micros(Medians.median(rs, Round::p99)), cpu(Medians.median(rs, Round::cpuPerThousand)), failed);
        }
        ratio(rates, "event", "netty", "wharf event / Netty, one loop each (target >= 1.0x)");
        ratio(rates, "reactor", "netty-n", "wharf reactor / Netty, " + loops + " loops each (target >= 1.0x)");
        ratio(rates, "event", "node-ws", "wharf event / Node ws (target > 1.0x)");
        ratio(rates, "reactor", "node-ws", "wharf reactor / Node ws");
        System.out.println("results: " + BenchFiles.writeResults(results, "ws", csv));
        return failures == 0 ? 0 : 1;
    }

    private static void ratio(Map<String, Double> rates, String a, String b, String what) {
        if (rates.containsKey(a) && rates.containsKey(b) && rates.get(b) > 0) {
            System.out.printf(Locale.ROOT, "%-56s %.2fx%n", what + ":", rates.get(a) / rates.get(b));
        }
    }

    private static String micros(double us) {
        return us < 1000 ? String.format(Locale.ROOT, "%.0f us", us) : String.format(Locale.ROOT, "%.2f ms", us / 1000);
    }

    private static String cpu(double seconds) {
        return Double.isNaN(seconds) ? "n/a" : String.format(Locale.ROOT, "%.4f", seconds);
    }
}
