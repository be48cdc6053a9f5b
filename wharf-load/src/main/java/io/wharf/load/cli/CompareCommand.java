package io.wharf.load.cli;

import io.wharf.core.Model;
import io.wharf.core.config.ConfigKey;
import io.wharf.load.compare.CompareResult;
import io.wharf.load.compare.CompareRunner;
import io.wharf.load.compare.CompareSpec;
import io.wharf.load.compare.MatrixProgress;
import io.wharf.load.compare.ReportFiles;
import io.wharf.load.compare.ServerLauncher;
import io.wharf.load.compare.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code wharf compare echo|http}: every model under the same load at each client count, each in a fresh
 * server process, measured and drawn (tables on stdout; JSON, CSV, HTML and PNG in {@code --out}). A bad flag
 * is one line and exit code 2.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares the concurrency models: the same load against each, in a fresh server process.",
            "Reports requests/s and p99 by load level, memory per connection, what a new connection costs",
            "and the most clients held; as tables, CSV, JSON, an HTML report and PNG charts."},
        footer = {"", "Examples:",
            "  wharf compare echo --clients 1,10,100 --duration 5s",
            "  wharf compare http --models virtual,event,reactor --clients 10,100,1000 --out report"})
public final class CompareCommand implements Callable<Integer> {

    static final int EXIT_USAGE = 2;
    private static final ConfigKey<Duration> DURATION =
            ConfigKey.duration("compare", "duration", null, false, "a duration");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROTOCOL", description = "echo (raw echo) or http (GET a file).")
    String protocol;

    @Option(names = "--models", paramLabel = "M,M,...", description = "Models to compare (default: all eight: "
            + "iterative,thread,virtual,pool,event,reactor,process,prefork).")
    String models = "iterative,thread,virtual,pool,event,reactor,process,prefork";

    @Option(names = "--clients", paramLabel = "N,N,...", description = "Client counts, one cell each "
            + "(default 1,10,100,1000).")
    String clients = "1,10,100,1000";

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", description = "Measured time per cell (10s).")
    String duration = "10s";

    @Option(names = "--warmup", paramLabel = "DURATION", description = "Unmeasured load before each cell (1s).")
    String warmup = "1s";

    @Option(names = "--timeout", paramLabel = "DURATION", description = "A reply slower than this is a timeout "
            + "(2s).")
    String timeout = "2s";

    @Option(names = "--idle", paramLabel = "N", description = "Idle connections for memory per connection "
            + "(default: the largest client count; 0 skips it).")
    Integer idle;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Where the report goes "
            + "(default ./wharf-compare-<date>-<time>).")
    Path out;

    @Option(names = "--path", paramLabel = "PATH", description = "http: the path to GET (/1k.bin).")
    String path = "/1k.bin";

    @Option(names = {"-r", "--root"}, paramLabel = "DIR", description = "http: serve this folder (default: a "
            + "generated one holding a 1 KiB file at --path).")
    Path root;

    @Option(names = "--serve-arg", paramLabel = "ARG", description = "Passed to every 'wharf serve' as is, e.g. "
            + "--serve-arg=--queue-size --serve-arg=10.")
    List<String> serveArgs = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        CompareSpec compare;
        try {
            compare = compareSpec();
        } catch (IllegalArgumentException e) {
            err.println("wharf: " + e.getMessage());
            return EXIT_USAGE;
        }
        MatrixProgress progress = new MatrixProgress(err, isTerminal(), compare.cells(),
                compare.warmup().plus(compare.duration()).plusMillis(500));
        try {
            CompareResult result = new CompareRunner(compare, ServerLauncher.ofRunningWharf(), progress).run();
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(Tables.text(result));
            List<Path> files = ReportFiles.write(result, compare.outDir());
            stdout.println();
            stdout.println("report: " + files.stream().filter(f -> f.toString().endsWith(".html")).findFirst()
                    .orElseThrow() + " (with " + String.join(", ", files.stream()
                    .filter(f -> !f.toString().endsWith(".html")).map(f -> f.getFileName().toString()).toList())
                    + ")");
            stdout.flush();
            return 0;
        } catch (IOException e) {
            err.println("wharf: compare failed: " + e.getMessage());
            return 1;
        }
    }

    CompareSpec compareSpec() {
        if (!protocol.equals("echo") && !protocol.equals("http")) {
            throw new IllegalArgumentException("unknown protocol '" + protocol + "': compare runs echo or http");
        }
        List<String> modelList = new ArrayList<>();
        for (String m : models.split(",")) {
            String id = Model.byId(m).orElseThrow(() -> new IllegalArgumentException("--models: unknown model '"
                    + m.trim() + "': choose from " + Model.ids())).id();
            if (!modelList.contains(id)) {
                modelList.add(id);
            }
        }
        List<Integer> clientList = clientCounts();
        Duration d = duration("--duration", duration);
        if (d.isZero()) {
            throw new IllegalArgumentException("--duration: must be more than 0");
        }
        Duration t = duration("--timeout", timeout);
        if (t.isZero()) {
            throw new IllegalArgumentException("--timeout: must be more than 0");
        }
        if (idle != null && idle < 0) {
            throw new IllegalArgumentException("--idle: must be 0 or more");
        }
        if (root != null && !protocol.equals("http")) {
            throw new IllegalArgumentException("--root applies to http only");
        }
        if (root != null && !Files.isDirectory(root)) {
            throw new IllegalArgumentException("--root " + root + ": not a folder");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("--path " + path + ": must start with /");
        }
        Path dir = out != null ? out : Path.of("wharf-compare-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        return new CompareSpec(protocol, modelList, clientList, d, duration("--warmup", warmup), t,
                idle != null ? idle : Collections.max(clientList), Optional.ofNullable(root), path, serveArgs, dir);
    }

    private List<Integer> clientCounts() {
        List<Integer> list = new ArrayList<>();
        for (String c : clients.split(",")) {
            try {
                int n = Integer.parseInt(c.trim());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                if (!list.contains(n)) {
                    list.add(n);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--clients: '" + c.trim() + "' is not a positive number "
                        + "(e.g. --clients 1,10,100)");
            }
        }
        Collections.sort(list);
        return list;
    }

    private static Duration duration(String flag, String raw) {
        try {
            return DURATION.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage());
        }
    }

    /**
     * Since Java 22 {@code System.console()} may return a console that is not a terminal, and only
     * {@code Console.isTerminal()}, absent from the Java 21 API we compile against, tells.
     */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
