package io.wharf.bench.http;

import io.wharf.bench.BenchFiles;
import io.wharf.bench.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP benchmark: wharf (per model) against nginx and Jetty 12, all serving the same folder, driven by wrk on
 * this machine. Each run starts one target's server on a free port, checks that it serves the right bytes, then per
 * file warms it up and measures it with wrk, and stops it. Rounds sweep all targets, each round starting one target
 * later, so drift on the machine spreads over every target; medians are reported, and wharf's best model is
 * compared with the peers against the goals.
 *
 * <p>A server that fails (wharf's, say, before its HTTP protocol exists) costs one line per run; the other targets
 * carry on. Threading: runs on the main thread; the servers and wrk are child processes.
 */
public final class HttpBench {

    private static final String TOOL = "http-bench";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    /** The runs of one target on one file. */
    private record Key(HttpTarget target, BenchFile file) {
    }

    private final HttpBenchOptions options;
    private final ServerCommands commands;
    private final Wrk wrk;
    private final Path www;
    private final Path scratch;
    private final Map<Key, List<HttpRun>> runs = new LinkedHashMap<>();
    private final Map<Key, List<String>> failures = new LinkedHashMap<>();
    private String tracingEndpoint = "";

    private HttpBench(HttpBenchOptions options, Path scratch) {
        this.options = options;
        this.commands = ServerCommands.current(options.wharfJar(), options.nginx());
        this.wrk = new Wrk(options.wrk(), options.threads(), options.connections());
        this.scratch = scratch;
        this.www = scratch.resolve("www");
        for (HttpTarget t : options.targets()) {
            for (BenchFile f : BenchFile.ALL) {
                runs.put(new Key(t, f), new ArrayList<>());
                failures.put(new Key(t, f), new ArrayList<>());
            }
        }
    }

    public static void main(String[] argv) throws InterruptedException {
        HttpBenchOptions options;
        try {
            options = HttpBenchOptions.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(TOOL + ": " + e.getMessage() + " (--help lists the options)");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(HttpBenchOptions.USAGE);
            return;
        }
        if (!Files.isExecutable(options.wrk())) {
            System.err.println(TOOL + ": wrk not found (" + options.wrk() + "): install it (apt-get install wrk,"
                    + " or run bench/http.sh) or pass --wrk PATH");
            System.exit(2);
        }
        // Ctrl-C must not leave a server behind: stop the processes this JVM started, nginx's workers too.
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
        int status;
        try {
            Path scratch = Files.createTempDirectory("wharf-http-bench");
            try {
                status = new HttpBench(options, scratch).run();
            } finally {
                BenchFiles.deleteTree(scratch, TOOL);
            }
        } catch (IOException e) {
            System.err.println(TOOL + ": " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    /** Runs every round and prints the report; returns the exit status (0: every run measured and clean). */
    private int run() throws IOException, InterruptedException {
        System.out.print(HttpReport.header(options, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.runtime.version"),
                options.runs(HttpTarget.Kind.NGINX) ? version(options.nginx(), "-v") : "nginx (not run)",
                version(options.wrk(), "-v")));
        Files.createDirectories(www);
        Files.createDirectories(scratch.resolve("logs"));
        for (BenchFile f : BenchFile.ALL) {
            f.writeInto(www);
        }
        List<HttpTarget> targets = options.targets();
        try (OtlpSink sink = options.traces() && options.tracingEndpoint().isEmpty() ? OtlpSink.start() : null) {
            tracingEndpoint = options.tracingEndpoint().orElseGet(() -> sink == null ? "" : sink.url());
            for (int round = 1; round <= options.rounds(); round++) {
                for (int i = 0; i < targets.size(); i++) {
                    measure(targets.get((i + round - 1) % targets.size()), round);
                }
            }
            if (sink != null) {
                System.out.println(sink.summary());
            }
        }
        List<HttpSummary> summaries = runs.keySet().stream()
                .map(k -> new HttpSummary(k.target(), k.file(), runs.get(k), failures.get(k))).toList();
        System.out.println();
        System.out.print(HttpReport.table(summaries));
        System.out.print(HttpReport.tracingCost(summaries));
        HttpGoals.verdicts(summaries).forEach(System.out::println);
        System.out.println("results: " + BenchFiles.writeResults(options.outDir(), "http", HttpReport.csv(summaries)));
        boolean clean = summaries.stream().allMatch(s -> s.failures().isEmpty() && s.flaggedRuns() == 0);
        return clean ? 0 : 1;
    }

    /** One run of one target: both files on one server process. A failure is recorded and printed, not thrown. */
    private void measure(HttpTarget target, int round) throws InterruptedException {
        List<BenchFile> pending = new ArrayList<>(BenchFile.ALL);
        try {
            int port = ServerProcess.freePort();
            Path log = scratch.resolve("logs").resolve(target + "-round" + round + ".log");
            try (ServerProcess server = ServerProcess.start(target.name(), command(target, port, round), port, log)) {
                server.awaitListening(STARTUP_TIMEOUT);
                while (!pending.isEmpty()) {
                    BenchFile file = pending.get(0);
                    HttpRun run = measureFile(server, target, file, port, round);
                    runs.get(new Key(target, file)).add(run);
                    pending.remove(0);
                    System.out.println(HttpReport.progress(run));
                }
            }
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage()).strip();
            for (BenchFile file : pending) {
                failures.get(new Key(target, file)).add("round " + round + ": " + why);
            }
            System.out.println(HttpReport.failure(round, target, why));
        }
    }

    private HttpRun measureFile(ServerProcess server, HttpTarget target, BenchFile file, int port, int round)
            throws IOException, InterruptedException {
        String url = "http://127.0.0.1:" + port + file.path();
        checkServes(url, file);
        wrk.run(url, options.warmup());
        Duration before = server.cpuTime();
        WrkResult result = wrk.run(url, options.duration());
        Duration after = server.cpuTime();
        server.checkAlive();
        double cores = before == null || after == null || result.seconds() <= 0 ? Double.NaN
                : after.minus(before).toNanos() / (result.seconds() * 1e9);
        return new HttpRun(target, file, round, result, cores);
    }

    private List<String> command(HttpTarget target, int port, int round) throws IOException {
        return switch (target.kind()) {
            case WHARF -> commands.withWharfSettings(tracingSettings(target))
                    .wharf(target.model().orElseThrow(), port, www, options.connections());
            case JETTY -> commands.jetty(port, www);
            case NGINX -> {
                Path prefix = Files.createDirectories(scratch.resolve("nginx-round" + round));
                NginxConfig config = NginxConfig.forCurrentUser(port, www, prefix);
                Files.writeString(config.file(), config.render(), StandardCharsets.UTF_8);
                yield commands.nginx(config);
            }
        };
    }

    /** The {@code [tracing]} settings of a traced target; none for the others (tracing off, no SDK). */
    private List<String> tracingSettings(HttpTarget target) {
        return target.tracing().map(ratio -> List.of("tracing.enabled=on", "tracing.sampling_ratio=" + ratio,
                "tracing.endpoint=" + tracingEndpoint)).orElse(List.of());
    }

    /** One GET before the load: wrk only counts status codes, so a server serving the wrong bytes would pass. */
    private void checkServes(String url, BenchFile file) throws IOException, InterruptedException {
        HttpResponse<byte[]> response;
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CHECK_TIMEOUT).build()) {
            response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(CHECK_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + file.path() + " answered " + response.statusCode() + ", not 200");
        }
        if (!Arrays.equals(response.body(), Files.readAllBytes(www.resolve(file.name())))) {
            throw new IOException("GET " + file.path() + " sent " + response.body().length
                    + " bytes that are not the file's " + file.size());
        }
    }

    /** The first line a tool prints about its version (nginx and wrk both print it on stderr), or its path. */
    private static String version(Path tool, String flag) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(tool.toString(), flag).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            String first = new String(out, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
            // "nginx version: nginx/1.22.1", "wrk 4.1.0 [epoll] Copyright (C) 2012 Will Glozer"
            return first.replaceFirst("^nginx version: ", "").replaceFirst(" Copyright.*$", "");
        } catch (IOException e) {
            return tool + " (cannot run it: " + e.getMessage() + ")";
        }
    }
}
