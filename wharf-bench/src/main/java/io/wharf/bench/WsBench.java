package io.wharf.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket benchmark: an echo at {@code /echo} served by wharf ({@code wharf serve http} under {@code event}
 * and {@code reactor}), by Netty's codec-http WebSocket server ({@link NettyWsServer}: one loop, and as many as
 * the reactor) and by the {@code ws} package on Node.js, each in a process of its own, driven in turn by the same
 * {@code wharf load ws} (50 clients, 64-byte text, closed loop by default); round trips/s and latency per target,
 * the ratios wharf/Netty at equal loops and wharf/ws, and a CSV under bench-results/. Node's row is skipped, with a
 * note, when node or npm is missing or cannot install {@code ws}.
 *
 * <p>Threading: runs on the main thread; servers and the load are child processes.
 */
public final class WsBench {

    private static final String TOOL = "ws-bench";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final List<String> TARGETS = List.of("event", "reactor", "netty", "netty-n", "node-ws");
    private static final String USAGE = """
            usage: bench/ws.sh [--targets event,reactor,netty,netty-n,node-ws] [--connections 50] [--size 64]
                               [--rate 0] [--loops CORES] [--warmup 2s] [--duration 10s] [--rounds 1] [--threads 1]
                               [--wharf-jar PATH]""";

    private WsBench() {
    }

    public static void main(String[] argv) throws InterruptedException {
        BenchMain.run(TOOL, USAGE, Set.of("targets", "connections", "size", "rate", "loops", "warmup", "duration",
                "rounds", "threads", "wharf-jar"), argv, WsBench::run);
    }

    private static int run(Args args) throws IOException, InterruptedException {
        List<String> targets = args.list("targets", TARGETS);
        for (String t : targets) {
            if (!TARGETS.contains(t)) {
                throw new IllegalArgumentException("--targets: unknown '" + t + "'; choose from " + TARGETS);
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
        System.out.printf(Locale.ROOT, "%s: %d clients, %d-byte text, %s, %d s after %d s warm-up, %d round(s), "
                        + "reactor and netty-n with %d loops, %d cores%n", TOOL, connections, size,
                rate > 0 ? rate + " msg/s" : "closed loop", duration.toSeconds(), warmup.toSeconds(), rounds, loops,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-8s %5s %15s %9s %9s %9s%n", "target", "loops", "round trips/s", "p50", "p99",
                "failures");
        Map<String, Double> rates = new LinkedHashMap<>();
        List<String> csv = new ArrayList<>(List.of("target,loops,round_trips_per_s,p50_us,p99_us,failures"));
        boolean clean = true;
        for (String target : targets) {
            int targetLoops = target.equals("event") || target.equals("netty") ? 1 : target.equals("node-ws") ? 1 : loops;
            List<String> command = command(target, wharfJar, results, targetLoops);
            if (command == null) {
                System.out.printf(Locale.ROOT, "%-8s skipped: node, npm or the ws package is not available%n", target);
                continue;
            }
            List<Double> perRound = new ArrayList<>();
            JsonNode last = null;
            for (int round = 0; round < rounds; round++) {
                int port = ServerProcess.freePort();
                List<String> cmd = new ArrayList<>(command);
                cmd.replaceAll(a -> a.equals("PORT") ? Integer.toString(port) : a);
                try (ServerProcess server = ServerProcess.start(target, cmd, port, results.resolve("ws-" + target + ".log"))) {
                    server.awaitListening(STARTUP_TIMEOUT);
                    last = WharfLoad.run("wharf load ws", wharfJar, List.of("load", "ws", "--port",
                            Integer.toString(port), "-c", Integer.toString(connections), "--size", Integer.toString(size),
                            "--rate", Integer.toString(rate), "--threads", Integer.toString(threads),
                            "--warmup", warmup.toMillis() + "ms", "-d", duration.toMillis() + "ms"),
                            warmup.plus(duration).plus(GRACE));
                    server.checkAlive();
                }
                perRound.add(last.path("round_trips_per_second").asDouble());
            }
            double median = median(perRound);
            rates.put(target, median);
            long failures = last.path("total_failures").asLong();
            clean &= failures == 0;
            JsonNode lat = last.path("latency_us");
            System.out.printf(Locale.ROOT, "%-8s %5d %,15.0f %9s %9s %9d%n", target, targetLoops, median,
                    micros(lat.path("p50").asLong()), micros(lat.path("p99").asLong()), failures);
            csv.add(String.join(",", target, Integer.toString(targetLoops), String.format(Locale.ROOT, "%.0f", median),
                    lat.path("p50").asText(), lat.path("p99").asText(), Long.toString(failures)));
        }
        ratio(rates, "event", "netty", "wharf event / Netty, one loop each (target >= 1.0x)");
        ratio(rates, "reactor", "netty-n", "wharf reactor / Netty, " + loops + " loops each (target >= 1.0x)");
        ratio(rates, "event", "node-ws", "wharf event / Node ws (target > 1.0x)");
        ratio(rates, "reactor", "node-ws", "wharf reactor / Node ws");
        System.out.println("results: " + BenchFiles.writeResults(results, "ws", csv));
        return clean ? 0 : 1;
    }

    /** The server command, with PORT for the port; null when Node's peer cannot be set up. */
    private static List<String> command(String target, Path wharfJar, Path results, int loops)
            throws IOException, InterruptedException {
        String java = WharfLoad.java().toString();
        return switch (target) {
            case "event", "reactor" -> {
                List<String> c = new ArrayList<>(List.of(java, "-jar", wharfJar.toString(), "serve", "http", "--model",
                        target, "--port", "PORT", "--bind", "127.0.0.1", "--root", results.toString(), "--log-level",
                        "warn"));
                if (target.equals("reactor")) {
                    c.addAll(List.of("--event-loops", Integer.toString(loops)));
                }
                yield c;
            }
            case "netty", "netty-n" -> List.of(java, "-cp", System.getProperty("java.class.path"),
                    NettyWsServer.class.getName(), "PORT", Integer.toString(loops));
            default -> nodeCommand(results);
        };
    }

    /** {@code node server.mjs PORT} in bench-results/ws-node, with the pinned ws installed there by npm. */
    private static List<String> nodeCommand(Path results) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(results.resolve("ws-node"));
        for (String f : new String[]{"package.json", "server.mjs"}) {
            Files.copy(Path.of("bench/ws-node", f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(dir.resolve("node_modules/ws"))) {
            try {
                Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                        .directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(results.resolve("ws-node-npm.log").toFile()).start();
                if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    return null;
                }
            } catch (IOException e) {
                return null; // no npm
            }
        }
        return List.of("node", dir.resolve("server.mjs").toString(), "PORT");
    }

    private static void ratio(Map<String, Double> rates, String a, String b, String what) {
        if (rates.containsKey(a) && rates.containsKey(b) && rates.get(b) > 0) {
            System.out.printf(Locale.ROOT, "%-56s %.2fx%n", what + ":", rates.get(a) / rates.get(b));
        }
    }

    private static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String micros(long us) {
        return us < 1000 ? us + " us" : String.format(Locale.ROOT, "%.2f ms", us / 1000.0);
    }
}
