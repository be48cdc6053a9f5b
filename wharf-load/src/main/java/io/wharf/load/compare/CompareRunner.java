package io.wharf.load.compare;

import io.wharf.core.Model;
import io.wharf.core.config.CoreKeys;

import io.wharf.load.Interval;
import io.wharf.load.LoadGenerator;
import io.wharf.load.LoadReport;
import io.wharf.load.LoadSpec;
import io.wharf.load.TargetKind;
import io.wharf.load.scenario.bottleneck.SystemWatch;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the matrix: for each model a fresh server process on a free port, its memory per connection, then the
 * same load at each client count while its resident memory, threads and descriptors are sampled; then the
 * server is stopped. A model that cannot hold a load shows that in its cell (refused, timeouts) rather than
 * vanishing; a server that will not start shows that in every cell of its row.
 *
 * <p>Threading: {@link #run} runs on the caller's thread, one cell at a time; each cell's load runs on a
 * thread of its own so a stalled cell can be abandoned after {@link CompareSpec#cellLimit()}.
 */
public final class CompareRunner {

    /**
     * The process model runs a JVM per client (most of a second of CPU to start, about 70 MiB each): compare caps
     * its children so a thousand clients cannot exhaust the machine (the rest get the busy reply, and the table
     * says so). 128 holds the 100-client load with its spares, in about 9 GiB at most. Its clients get time to
     * see their child start before measuring, and before calling a reply late: a warm-up that grows with the
     * children to start ({@link #PROCESS_WARMUP_PER_CHILD} each: a start is most of a CPU-second, so two quiet
     * cores start 100 in 35-50 s; a client that times out reconnects and starts yet another).
     */
    static final int PROCESS_MAX_CHILDREN = 128;
    static final Duration PROCESS_MIN_WARMUP = Duration.ofSeconds(5);
    static final Duration PROCESS_WARMUP_PER_CHILD = Duration.ofMillis(750);
    static final Duration PROCESS_MIN_TIMEOUT = Duration.ofSeconds(20);
    /** Spares for the new-connection probe: one per sample, so each finds one ready. */
    static final int PROCESS_PROBE_SPARES = NewConnectionProbe.SAMPLES;
    /** Between the spaced probes: a child JVM starts in about 0.8 s on this class of machine. */
    static final Duration PROCESS_PROBE_GAP = Duration.ofMillis(1500);
    private static final Pattern PROBE_SPARES_READY = Pattern.compile("spares_idle=([5-9]|\\d{2,})\\b");
    /** Connections past the largest load a server is allowed: the readiness and new-connection probes'. */
    static final int MAX_CONNECTIONS_SPARE = 16;

    private final CompareSpec spec;
    private final ServerLauncher launcher;
    private final MatrixProgress progress;

    public CompareRunner(CompareSpec spec, ServerLauncher launcher, MatrixProgress progress) {
        this.spec = spec;
        this.launcher = launcher;
        this.progress = progress;
    }

    public CompareResult run() throws IOException {
        String started = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Path root = spec.protocol().equals("http") ? spec.root().orElse(generatedRoot()) : null;
        List<ModelResult> models = new ArrayList<>();
        for (String model : spec.models()) {
            models.add(runModel(model, root));
        }
        progress.finish();
        return new CompareResult(spec.protocol(), spec.clients(), spec.duration().toMillis(),
                spec.warmup().toMillis(), started, machine(), models);
    }

    private ModelResult runModel(String model, Path root) throws IOException {
        int port = freePort();
        Path log = spec.outDir().resolve("logs").resolve("server-" + model + ".log");
        try (ServerProcess server = ServerProcess.start(launcher, serveArgs(model, port, root), port, log)) {
            try {
                server.awaitAccepting(Duration.ofSeconds(30));
            } catch (IOException e) {
                return unstarted(model, e.getMessage());
            }
            boolean process = model.equals(Model.PROCESS.id());
            if (process && !server.awaitLog(PROBE_SPARES_READY, Duration.ofSeconds(60))) {
                progress.note(model + ": its spare children were not all ready after 60s; probing anyway");
            }
            long newConnection;
            long burst = -1;
            long noSpare = -1;
            if (process) {
                // spaced first, while no replacement is starting; then back to back, once they are all up again
                newConnection = NewConnectionProbe.medianMicros(port, spec.protocol(), spec.httpPath(),
                        PROCESS_PROBE_GAP);
                burst = NewConnectionProbe.medianMicros(port, spec.protocol(), spec.httpPath(), Duration.ZERO,
                        PROCESS_PROBE_GAP.multipliedBy(2));
                noSpare = newConnectionWithoutSpares(model, root);
            } else {
                newConnection = NewConnectionProbe.medianMicros(port, spec.protocol(), spec.httpPath());
            }
            MemoryResult memory = spec.idleConnections() > 0
                    ? IdleProbe.measure(server, spec.idleConnections()) : MemoryResult.NONE;
            List<CellResult> cells = new ArrayList<>();
            for (int clients : spec.clients()) {
                progress.startCell(model, clients);
                CellResult cell = runCell(server, model, clients);
                cells.add(cell);
                progress.finishCell(cell);
            }
            return new ModelResult(model, cells, memory, newConnection, burst, noSpare, "");
        }
    }

    /** The process model's new connection with no spare children: a server of its own, each probe a JVM start. */
    private long newConnectionWithoutSpares(String model, Path root) throws IOException {
        int port = freePort();
        List<String> args = serveArgs(model, port, root, false);
        Path log = spec.outDir().resolve("logs").resolve("server-" + model + "-no-spares.log");
        try (ServerProcess server = ServerProcess.start(launcher, args, port, log)) {
            server.awaitAccepting(Duration.ofSeconds(30));
            return NewConnectionProbe.medianMicros(port, spec.protocol(), spec.httpPath());
        } catch (IOException e) {
            progress.note(model + " without spares: " + e.getMessage());
            return -1;
        }
    }

    private ModelResult unstarted(String model, String why) {
        progress.note(model + ": " + why);
        List<CellResult> cells = new ArrayList<>();
        for (int clients : spec.clients()) {
            progress.startCell(model, clients);
            CellResult cell = CellResult.failed(model, clients, "did not start");
            cells.add(cell);
            progress.finishCell(cell);
        }
        return new ModelResult(model, cells, MemoryResult.NONE, -1, why);
    }

    private CellResult runCell(ServerProcess server, String model, int clients) {
        if (!server.isAlive()) {
            return CellResult.failed(model, clients, "server exited");
        }
        LoadSpec load = loadSpec(model, server.port(), clients);
        AtomicReference<ProcSample> peak = new AtomicReference<>(server.sample());
        SystemWatch watch = new SystemWatch(server.pid(), server.port(), ServerLauncher.gcLog(spec.outDir()
                .resolve("logs").resolve("server-" + model + ".log")));
        List<Interval> intervals = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread sampler = Thread.ofPlatform().daemon().name("wharf-compare-sampler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(server.sample(), ProcSample::max);
                ServerProcess.pause(200);
            }
        });
        Duration cpu0 = server.cpu();
        long t0 = System.nanoTime();
        CompletableFuture<LoadReport> run = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("wharf-compare-load").start(() -> {
            try {
                watch.start();
                run.complete(LoadGenerator.run(load, load.target().target(load),
                        (elapsed, total, ok, failed, rps) -> progress.rate(rps), i -> {
                            intervals.add(i);
                            watch.sample(i);
                        }));
            } catch (Throwable t) {
                run.completeExceptionally(t);
            }
        });
        try {
            // the cell's own warm-up and timeout: the process model's are longer than the spec's
            Duration limit = load.warmup().plus(load.duration()).plus(load.timeout()).plusSeconds(10);
            LoadReport r = run.get(max(spec.cellLimit(), limit).toMillis(), TimeUnit.MILLISECONDS);
            double cpuPercent = 100.0 * server.cpu().minus(cpu0).toNanos() / Math.max(1, System.nanoTime() - t0);
            peak.accumulateAndGet(server.sample(), ProcSample::max);
            String unwritten = CellTimeSeries.write(spec.outDir().resolve(cellDir(model, clients)), model, clients,
                    load, intervals, watch.samples());
            if (!unwritten.isEmpty()) {
                progress.note(unwritten);
            }
            return new CellResult(model, clients, r.requestsPerSecond(), r.successes(), r.failures(),
                    r.latencyPercentileMicros(50), r.latencyPercentileMicros(90), r.latencyPercentileMicros(99),
                    r.latencyPercentileMicros(99.9), r.latencyPercentileMicros(100), peak.get(), cpuPercent, "");
        } catch (TimeoutException e) {
            return CellResult.failed(model, clients, "stalled");
        } catch (ExecutionException e) {
            String why = server.isAlive() ? "unreachable: " + e.getCause().getMessage() : "server exited";
            return CellResult.failed(model, clients, why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CellResult.failed(model, clients, "interrupted");
        } finally {
            sampler.interrupt();
        }
    }

    /** Where a cell's time series goes, under the output folder: {@code cells/<model>-<clients>}. */
    public static String cellDir(String model, int clients) {
        return "cells/" + model + "-" + clients;
    }

    private LoadSpec loadSpec(String model, int port, int clients) {
        boolean http = spec.protocol().equals("http");
        boolean process = model.equals(Model.PROCESS.id());
        Duration warmup = process ? max(spec.warmup(), processWarmup(clients)) : spec.warmup();
        LoadSpec s = LoadSpec.of(http ? TargetKind.HTTP : TargetKind.ECHO_RAW, "127.0.0.1", port)
                .withConnections(clients)
                .withThreads(Math.min(clients, Runtime.getRuntime().availableProcessors()))
                .withDuration(spec.duration())
                .withWarmup(warmup)
                .withTimeout(process ? max(spec.timeout(), max(PROCESS_MIN_TIMEOUT, warmup)) : spec.timeout());
        return http ? s.withHttpPath(spec.httpPath()) : s;
    }

    /** Long enough for the process model's children for {@code clients} to start, under the cap. */
    static Duration processWarmup(int clients) {
        return max(PROCESS_MIN_WARMUP, PROCESS_WARMUP_PER_CHILD.multipliedBy(Math.min(clients, PROCESS_MAX_CHILDREN)));
    }

    /**
     * {@code serve <protocol> --model M} on loopback, quick to stop; raw echo is what benchmarks use. It logs at
     * info, as a server does by default, so its log shows it listening, each connection and its stop.
     */
    List<String> serveArgs(String model, int port, Path root) {
        return serveArgs(model, port, root, true);
    }

    /** @param spares process model: the probe's spares (else none at all, for the cost without them) */
    List<String> serveArgs(String model, int port, Path root, boolean spares) {
        List<String> args = new ArrayList<>(List.of("serve", spec.protocol(), "--model", model,
                "--bind", "127.0.0.1", "--port", Integer.toString(port), "--log-level", "info",
                "--drain-timeout", "1s"));
        if (root != null) {
            args.addAll(List.of("--root", root.toAbsolutePath().toString()));
        } else {
            args.add("--raw");
        }
        if (model.equals(Model.PROCESS.id())) {
            if (!userSet("max-children", "max_children")) {
                args.addAll(List.of("--max-children", Integer.toString(PROCESS_MAX_CHILDREN)));
            }
            if (spares && !userSet("spare-children", "spare_children")) {
                args.addAll(List.of("--min-spare-children", Integer.toString(PROCESS_PROBE_SPARES)));
            }
            if (!userSet("stats-interval", "stats_interval")) {
                args.addAll(List.of("--stats-interval", "1")); // its log says when the spares are ready
            }
        }
        int needed = maxConnectionsNeeded();
        if (needed > CoreKeys.MAX_CONNECTIONS.defaultValue() && spec.serveArgs().stream().noneMatch(
                a -> a.startsWith("--max-connections") || a.contains("max_connections"))) {
            args.addAll(List.of("--max-connections", Integer.toString(needed)));
        }
        args.addAll(spec.serveArgs());
        if (model.equals(Model.PROCESS.id()) && !spares) {
            args.addAll(List.of("--min-spare-children", "0", "--max-spare-children", "0")); // last: these win
        }
        return args;
    }

    /** Whether the user's {@code --serve-arg}s set this option or key themselves. */
    private boolean userSet(String flag, String key) {
        return spec.serveArgs().stream().anyMatch(a -> a.contains(flag) || a.contains(key));
    }

    /**
     * The idle probe and the largest cell must not meet the server's own cap ({@code max_connections}, 10,000 by
     * default) before anything else: compare raises it to what they open, with room for the probes. A cap the
     * user set with {@code --serve-arg} stands, and the report says when it turned connections away.
     */
    int maxConnectionsNeeded() {
        int clients = spec.clients().stream().mapToInt(Integer::intValue).max().orElse(0);
        return Math.max(clients, spec.idleConnections()) + MAX_CONNECTIONS_SPARE;
    }

    /** A folder in the output holding the 1 KiB file the http load GETs. */
    private Path generatedRoot() throws IOException {
        Path dir = Files.createDirectories(spec.outDir().resolve("htdocs"));
        byte[] kib = new byte[1024];
        for (int i = 0; i < kib.length; i++) {
            kib[i] = (byte) ('a' + i % 26);
        }
        Path file = dir.resolve(spec.httpPath().replaceFirst("^/+", ""));
        Files.createDirectories(file.getParent());
        Files.write(file, kib);
        return dir;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + Runtime.version();
    }
}
