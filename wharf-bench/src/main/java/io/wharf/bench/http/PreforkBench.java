package io.wharf.bench.http;

import io.wharf.bench.Args;
import io.wharf.bench.BenchFiles;
import io.wharf.bench.Medians;
import io.wharf.bench.ServerProcess;
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
 * wrk against wharf's {@code http} under {@code prefork} (N worker JVMs, each running the event model) and under
 * the best in-process model ({@code event}), in the same run: rounds alternate which goes first, each target is
 * warmed up then measured, and the medians and their ratio are printed. Threading: the main thread; servers and
 * wrk are child processes.
 */
public final class PreforkBench {

    private static final String TOOL = "prefork-bench";
    private static final Set<String> OPTIONS = Set.of("wrk", "jar", "rounds", "duration", "warmup", "connections",
            "threads", "workers", "out");

    private PreforkBench() {
    }

    public static void main(String[] argv) throws Exception {
        Args a;
        try {
            a = Args.parse(argv, OPTIONS);
        } catch (IllegalArgumentException e) {
            System.err.println(TOOL + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        if (a.help()) {
            System.out.println("usage: bench/prefork.sh [--rounds 3] [--duration 10s] [--warmup 3s] [--connections 32]"
                    + " [--threads 2] [--workers 2] [--wrk /usr/bin/wrk] [--jar wharf-cli/target/wharf.jar]"
                    + " [--out bench-results]");
            return;
        }
        Wrk wrk = new Wrk(Path.of(a.string("wrk", "/usr/bin/wrk")), a.positiveInt("threads", 2),
                a.positiveInt("connections", 32));
        ServerCommands commands = ServerCommands.current(Path.of(a.string("jar", "wharf-cli/target/wharf.jar"))
                .toAbsolutePath(), Path.of("/usr/sbin/nginx"));
        int rounds = a.positiveInt("rounds", 3);
        int workers = a.positiveInt("workers", 2);
        Duration duration = a.duration("duration", Duration.ofSeconds(10));
        Duration warmup = a.duration("warmup", Duration.ofSeconds(3));
        Path scratch = Files.createTempDirectory("wharf-prefork-bench");
        BenchFile.SMALL.writeInto(scratch);
        String prefork = "prefork-" + workers + "x-event";
        List<double[]> rows = new ArrayList<>(); // {round, event rps, prefork rps}
        try {
            for (int round = 1; round <= rounds; round++) {
                boolean eventFirst = round % 2 == 1;
                double first = measure(commands, wrk, scratch, eventFirst ? null : workers, duration, warmup);
                double second = measure(commands, wrk, scratch, eventFirst ? workers : null, duration, warmup);
                double event = eventFirst ? first : second;
                double pre = eventFirst ? second : first;
                rows.add(new double[] {round, event, pre});
                System.out.printf(Locale.ROOT, "round %d: event %.0f req/s, %s %.0f req/s%n", round, event, prefork, pre);
            }
        } finally {
            BenchFiles.deleteTree(scratch, TOOL);
        }
        double event = Medians.median(rows, r -> r[1]);
        double pre = Medians.median(rows, r -> r[2]);
        System.out.printf(Locale.ROOT, "median over %d rounds (%s, %d connections, %s each): event %.0f req/s, "
                + "%s %.0f req/s, ratio prefork/event %.2f%n", rounds, BenchFile.SMALL.label(), wrk.connections(),
                duration.toSeconds() + "s", event, prefork, pre, pre / event);
        List<String> csv = new ArrayList<>(List.of("round,event_rps,prefork_rps"));
        rows.forEach(r -> csv.add(String.format(Locale.ROOT, "%d,%.0f,%.0f", (int) r[0], r[1], r[2])));
        csv.add(String.format(Locale.ROOT, "median,%.0f,%.0f", event, pre));
        System.out.println("results: " + BenchFiles.writeResults(Path.of(a.string("out", "bench-results")), "prefork",
                csv));
    }

    /** One warmed-up wrk run; {@code workers} null = the event model in one JVM. */
    private static double measure(ServerCommands commands, Wrk wrk, Path root, Integer workers, Duration duration,
                                  Duration warmup) throws IOException, InterruptedException {
        int port = ServerProcess.freePort();
        List<String> cmd = new ArrayList<>(commands.wharf(workers == null ? Model.EVENT : Model.PREFORK, port, root,
                wrk.connections()));
        if (workers != null) {
            cmd.addAll(List.of("--workers", workers.toString(), "--worker-model", "event"));
        }
        Path log = Files.createTempFile("wharf-prefork-bench", ".log");
        try (ServerProcess server = ServerProcess.start(workers == null ? "event" : "prefork", cmd, port, log)) {
            server.awaitListening(Duration.ofSeconds(60));
            String url = "http://127.0.0.1:" + port + BenchFile.SMALL.path();
            wrk.run(url, warmup); // also lets every prefork worker come up: the first one listening is not all
            WrkResult result = wrk.run(url, duration);
            server.checkAlive();
            result.problem().ifPresent(p -> System.err.println(TOOL + ": warning: " + p));
            return result.requestsPerSecond();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
