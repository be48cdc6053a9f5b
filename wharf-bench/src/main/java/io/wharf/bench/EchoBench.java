package io.wharf.bench;

import io.wharf.load.LoadGenerator;
import io.wharf.load.LoadProgress;
import io.wharf.load.LoadReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The echo benchmark: raw echo under each wharf model and Netty's epoll echo server (with one event loop, and with
 * as many as the reactor), side by side on the same closed-loop load. Each run starts the target's server in a fresh JVM on a free port, drives it with wharf's
 * load generator ({@link LoadGenerator}, raw echo) from this JVM, then stops it. Rounds sweep all targets, each round starting one target later,
 * so slow drift on the machine spreads over every target instead of landing on one; medians are reported.
 *
 * <p>Threading: runs on the main thread; the only other threads are the load client's.
 */
public final class EchoBench {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final BenchOptions options;
    private final ServerLauncher launcher;
    private final Path logs;

    private EchoBench(BenchOptions options, ServerLauncher launcher, Path logs) {
        this.options = options;
        this.launcher = launcher;
        this.logs = logs;
    }

    public static void main(String[] argv) throws InterruptedException {
        BenchOptions options;
        try {
            options = BenchOptions.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("echo-bench: " + e.getMessage() + " (--help lists the options)");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        if (options.needsWharf() && !Files.isRegularFile(options.wharfJar())) {
            System.err.println("echo-bench: " + options.wharfJar() + " not found: build it with"
                    + " './mvnw -q -DskipTests package' (or run only --targets netty,netty-n)");
            System.exit(2);
        }
        // Ctrl-C must not leave a server behind: stop the processes this JVM started.
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().children().forEach(ProcessHandle::destroy)));
        int status;
        try {
            Path logs = Files.createTempDirectory("wharf-echo-bench");
            try {
                status = new EchoBench(options, ServerLauncher.current(options.wharfJar()), logs).run();
            } finally {
                BenchFiles.deleteTree(logs, "echo-bench");
            }
        } catch (IOException e) {
            System.err.println("echo-bench: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    /** Runs every round and prints the report; returns the exit status (0: all measured, no errors). */
    private int run() throws IOException, InterruptedException {
        System.out.print(EchoReport.header(options, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.runtime.version")));
        Map<Target, List<RunResult>> runs = new LinkedHashMap<>();
        Map<Target, String> notes = new LinkedHashMap<>();
        List<Target> targets = options.targets();
        for (Target t : targets) {
            runs.put(t, new ArrayList<>());
            t.cannotHold(options.connections()).ifPresent(n -> notes.put(t, n));
        }
        for (int round = 1; round <= options.rounds(); round++) {
            for (int i = 0; i < targets.size(); i++) {
                Target target = targets.get((i + round - 1) % targets.size());
                if (notes.containsKey(target)) {
                    continue; // cannot hold the load, or already failed: do not retry every round
                }
                try {
                    RunResult result = measure(target, round);
                    runs.get(target).add(result);
                    System.out.println(EchoReport.progress(result));
                } catch (IOException e) {
                    String why = "failed in round " + round + ": " + e.getMessage();
                    notes.put(target, why);
                    System.out.println("  round " + round + " " + target + " " + why);
                }
            }
        }
        List<TargetSummary> summaries = targets.stream()
                .map(t -> new TargetSummary(t, runs.get(t), Optional.ofNullable(notes.get(t)))).toList();
        System.out.println();
        System.out.print(EchoReport.table(summaries));
        System.out.print(EchoReport.ratios(summaries));
        EchoReport.loadWarning(summaries, options.threads()).ifPresent(System.out::println);
        EchoReport.verdict(summaries).ifPresent(System.out::println);
        System.out.println("results: " + writeCsv(summaries));
        boolean clean = summaries.stream().allMatch(s -> s.errors() == 0
                && (s.note().isEmpty() || s.target().cannotHold(options.connections()).isPresent()));
        return clean ? 0 : 1;
    }

    private RunResult measure(Target target, int round) throws IOException, InterruptedException {
        int port = ServerProcess.freePort();
        Path log = logs.resolve(target + "-round" + round + ".log");
        try (ServerProcess server = ServerProcess.start(target.name(), launcher.command(target, port, options.connections()), port, log)) {
            server.awaitListening(STARTUP_TIMEOUT);
            WindowCpu cpu = new WindowCpu(server);
            LoadReport load = LoadGenerator.run(options.load(port), cpu);
            server.checkAlive();
            return RunResult.of(target, round, load, cpu.server(), cpu.load());
        }
    }

    /**
     * Samples the server's CPU time, and this JVM's (nothing but the load generator runs in it then), at the edges
     * of the measurement window.
     */
    private static final class WindowCpu implements LoadProgress {
        private final ServerProcess server;
        private Duration serverAtStart;
        private Duration serverAtEnd;
        private Duration loadAtStart;
        private Duration loadAtEnd;

        WindowCpu(ServerProcess server) {
            this.server = server;
        }

        @Override
        public void update(long elapsedMillis, long totalMillis, long successes, long failures, double currentRps) {
        }

        @Override
        public void measuring() {
            serverAtStart = server.cpuTime();
            loadAtStart = ownCpu();
        }

        @Override
        public void measured() {
            serverAtEnd = server.cpuTime();
            loadAtEnd = ownCpu();
        }

        Duration server() {
            return serverAtStart == null || serverAtEnd == null ? null : serverAtEnd.minus(serverAtStart);
        }

        Duration load() {
            return loadAtStart == null || loadAtEnd == null ? null : loadAtEnd.minus(loadAtStart);
        }

        private static Duration ownCpu() {
            return ProcessHandle.current().info().totalCpuDuration().orElse(null);
        }
    }

    private Path writeCsv(List<TargetSummary> summaries) throws IOException {
        return BenchFiles.writeResults(options.outDir(), "echo", EchoReport.csv(summaries));
    }
}
