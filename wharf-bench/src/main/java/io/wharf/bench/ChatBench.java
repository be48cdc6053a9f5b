package io.wharf.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The chat benchmark: for each model, {@code wharf serve chat} (nothing stored, a pool as big as the clients)
 * in a JVM of its own, and {@code wharf load chat} in another, N clients over R rooms each sending at a set
 * rate; one table row per model (deliveries/s, delivery latency, loss) and a CSV under bench-results/.
 *
 * <p>Threading: runs on the main thread; the server and the load are child processes.
 */
public final class ChatBench {

    private static final String TOOL = "chat-bench";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(90);
    private static final List<String> MODELS = List.of("thread", "virtual", "pool", "event", "reactor");
    private static final String USAGE = """
            usage: bench/chat.sh [--models thread,virtual,pool,event,reactor] [--clients 1000] [--rooms 10]
                                 [--rate 1] [--warmup 5s] [--duration 10s] [--threads 1] [--wharf-jar PATH]""";
    private static final String HEADER = String.format(Locale.ROOT, "%-8s %7s %9s %13s %9s %9s %9s %7s %5s %8s",
            "model", "joined", "sent/s", "deliveries/s", "p50", "p99", "max", "lost", "dup", "failures");

    private ChatBench() {
    }

    public static void main(String[] argv) throws InterruptedException {
        BenchMain.run(TOOL, USAGE, Set.of("models", "clients", "rooms", "rate", "warmup", "duration", "threads",
                "wharf-jar"), argv, ChatBench::run);
    }

    private static int run(Args args) throws IOException, InterruptedException {
        List<String> models = args.list("models", MODELS);
        for (String m : models) {
            if (!MODELS.contains(m)) {
                throw new IllegalArgumentException("--models: '" + m + "' does not serve chat; choose from " + MODELS);
            }
        }
        int clients = args.positiveInt("clients", 1000);
        int rooms = args.positiveInt("rooms", 10);
        int rate = args.positiveInt("rate", 1);
        int threads = args.positiveInt("threads", 1);
        Duration warmup = args.duration("warmup", Duration.ofSeconds(5));
        Duration duration = args.duration("duration", Duration.ofSeconds(10));
        Path wharfJar = Path.of(args.string("wharf-jar", "wharf-cli/target/wharf.jar"));
        System.out.printf(Locale.ROOT, "%s: %,d clients over %d rooms, %d msg/s each, %d s after %d s warm-up, "
                        + "%d load thread(s), %d cores%n", TOOL, clients, rooms, rate, duration.toSeconds(),
                warmup.toSeconds(), threads, Runtime.getRuntime().availableProcessors());
        System.out.println(HEADER);
        List<String> csv = new ArrayList<>(List.of("model,joined,sent_per_s,deliveries_per_s,p50_us,p99_us,max_us,"
                + "lost,duplicated,failures"));
        boolean clean = true;
        Path logs = Files.createDirectories(Path.of("bench-results"));
        for (String model : models) {
            int port = ServerProcess.freePort();
            List<String> serve = new ArrayList<>(List.of(WharfLoad.java().toString(), "-jar", wharfJar.toString(),
                    "serve", "chat", "--model", model, "--port", Integer.toString(port), "--log-level", "warn",
                    "--set", "chat.database=off"));
            if (model.equals(Model.POOL.id())) {
                serve.addAll(List.of("--threads", Integer.toString(clients + 16))); // a worker per user
            }
            JsonNode r;
            try (ServerProcess server = ServerProcess.start("chat " + model, serve, port,
                    logs.resolve("chat-" + model + ".log"))) {
                server.awaitListening(STARTUP_TIMEOUT);
                r = load(wharfJar, port, clients, rooms, rate, threads, warmup, duration);
                server.checkAlive();
            }
            JsonNode lat = r.path("latency_us");
            long lost = r.path("lost").asLong();
            long dup = r.path("duplicated").asLong();
            long failed = r.path("total_failures").asLong();
            clean &= lost == 0 && dup == 0 && failed == 0 && r.path("joined").asInt() == clients;
            System.out.printf(Locale.ROOT, "%-8s %7d %9.0f %13.0f %9s %9s %9s %7d %5d %8d%n", model,
                    r.path("joined").asInt(), r.path("sent_per_second").asDouble(),
                    r.path("deliveries_per_second").asDouble(), millis(lat.path("p50").asLong()),
                    millis(lat.path("p99").asLong()), millis(lat.path("max").asLong()), lost, dup, failed);
            csv.add(String.join(",", model, r.path("joined").asText(), r.path("sent_per_second").asText(),
                    r.path("deliveries_per_second").asText(), lat.path("p50").asText(), lat.path("p99").asText(),
                    lat.path("max").asText(), Long.toString(lost), Long.toString(dup), Long.toString(failed)));
        }
        System.out.println("results: " + BenchFiles.writeResults(logs, "chat", csv));
        return clean ? 0 : 1;
    }

    /** One {@code wharf load chat} run in its own JVM, its JSON report read back. */
    private static JsonNode load(Path wharfJar, int port, int clients, int rooms, int rate, int threads,
                                 Duration warmup, Duration duration) throws IOException, InterruptedException {
        return WharfLoad.run("wharf load chat", wharfJar, List.of("load", "chat",
                "--port", Integer.toString(port), "-c", Integer.toString(clients), "--rooms", Integer.toString(rooms),
                "--rate", Integer.toString(rate), "--threads", Integer.toString(threads),
                "--warmup", warmup.toMillis() + "ms", "-d", duration.toMillis() + "ms"),
                warmup.plus(duration).plus(GRACE));
    }

    private static String millis(long micros) {
        return micros < 1000 ? micros + " us" : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
}
