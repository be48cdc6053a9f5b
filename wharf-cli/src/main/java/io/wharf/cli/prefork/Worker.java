package io.wharf.cli.prefork;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.core.stats.StatsSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The master's handle on one prefork worker process: its pipes (reports in, cluster stats out, its log
 * forwarded line by line, its thread shown as {@code worker-<n>/<thread>}), its latest stats, and the last line it logged, which
 * is what the master quotes when the worker dies.
 *
 * <p>Threading: two daemon reader threads per worker; the other methods are safe from any thread.
 */
final class Worker {

    private static final Pattern STAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");
    /** A worker's log line without its time stamp: level, thread, logger, message (LogSetup's layout). */
    private static final Pattern LINE = Pattern.compile("(TRACE|DEBUG|INFO|WARN|ERROR)\\s+\\[([^\\]]*)] (\\S+) - (.*)");

    private final int index;
    private final int generation;
    private final Process process;
    private final long startedNanos = System.nanoTime();
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> quiet = new CompletableFuture<>();
    private final Logger log;
    private final CompletableFuture<Void> reportsEnded = new CompletableFuture<>();
    private final Tally tally;
    private volatile StatsSnapshot latest;
    private volatile String lastLine = "";
    private volatile boolean retiring;
    private volatile boolean supervised;

    private Worker(int index, int generation, Process process, Tally tally) {
        this.index = index;
        this.tally = tally;
        this.generation = generation;
        this.process = process;
        this.log = LoggerFactory.getLogger("wharf.worker." + index);
    }

    /** Starts the process; its reports go into {@code tally} under {@link #key()}. */
    static Worker start(int index, int generation, List<String> command, Tally tally) throws IOException {
        Worker w = new Worker(index, generation, new ProcessBuilder(command).start(), tally);
        Thread.ofPlatform().daemon().name("wharf-worker-" + index + "-out").start(w::readReports);
        Thread.ofPlatform().daemon().name("wharf-worker-" + index + "-err").start(w::forwardLog);
        w.process.onExit().thenRun(() -> w.ready.completeExceptionally(new IllegalStateException("exited")));
        return w;
    }

    int index() {
        return index;
    }

    int generation() {
        return generation;
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    /** Its name in {@code /stats}' {@code "workers"} and in the tally: {@code worker-1-pid-42}. */
    String key() {
        return "worker-" + index + "-pid-" + process.pid();
    }

    /**
     * Completes once the process has exited and its last report is read (or, should a descendant hold its stdout
     * open, two seconds after the exit): from then on its final counts are in the tally.
     */
    CompletableFuture<Void> gone() {
        return process.onExit().thenCompose(p -> reportsEnded.completeOnTimeout(null, 2, TimeUnit.SECONDS));
    }

    String name() {
        return "worker " + index + " (pid " + process.pid() + ")";
    }

    /** Completes with the port once the worker serves; fails if it exits first. */
    CompletableFuture<Integer> ready() {
        return ready;
    }

    long uptimeMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    Optional<StatsSnapshot> latest() {
        return Optional.ofNullable(latest);
    }

    String lastLine() {
        return lastLine;
    }

    boolean retiring() {
        return retiring;
    }

    /** From now on the master restarts this worker when it dies (until then its start-up is on trial). */
    void supervise() {
        supervised = true;
    }

    boolean supervised() {
        return supervised;
    }

    /** Kills a worker whose generation failed to start; nobody restarts it. */
    void abandon() {
        retiring = true;
        process.destroyForcibly();
    }

    /** Asks the worker to close its listener; completes once it has (or it exited). */
    CompletableFuture<Void> stopAccepting() {
        process.onExit().thenRun(() -> quiet.complete(null));
        send(SnapshotJson.STOP_ACCEPTING);
        return quiet;
    }

    /** Graceful stop (SIGTERM): the worker stops accepting, drains, exits 0. */
    void retire() {
        retiring = true;
        process.destroy();
    }

    void send(String line) {
        OutputStream in = process.getOutputStream();
        try {
            synchronized (this) {
                in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
        } catch (IOException ignored) {
            // exiting; its exit callback deals with it
        }
    }

    private void readReports() {
        try (BufferedReader r = reader(process.getInputStream())) {
            for (String line; (line = r.readLine()) != null; ) {
                JsonNode n = SnapshotJson.JSON.readTree(line);
                if (n.has("quiet")) {
                    quiet.complete(null);
                } else if (n.has("ready")) {
                    ready.complete(n.get("ready").asInt());
                } else if (n.has("stats")) {
                    latest = SnapshotJson.decode(n.get("stats"));
                    tally.report(key(), SnapshotJson.parseListeners(n));
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // the worker is gone
        } finally {
            reportsEnded.complete(null);
        }
    }

    /**
     * The worker logs to stderr with the usual layout: a time stamp, the level, its thread, its logger. Each line
     * is logged again as the worker's own logger would, its thread shown as {@code worker-<n>/<thread>}, so the
     * master's log carries one prefix: {@code INFO  [worker-1/main] i.w.core.HostedListener - web: ...}. Lines
     * in another shape (a stack trace, a start-up error) go under {@code wharf.worker.<n>}.
     */
    private void forwardLog() {
        Thread self = Thread.currentThread();
        String ownName = self.getName();
        try (BufferedReader r = reader(process.getErrorStream())) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                if (STAMP.matcher(line).lookingAt()) {
                    line = line.substring(24); // the master's own log line carries the time
                }
                if (!line.startsWith("\t")) {
                    lastLine = line.strip();
                }
                Matcher m = LINE.matcher(line);
                if (m.matches()) {
                    self.setName("worker-" + index + "/" + m.group(2));
                    log(LoggerFactory.getLogger(m.group(3)), m.group(1), m.group(4));
                    self.setName(ownName);
                } else {
                    log(log, line.split(" ", 2)[0], line);
                }
            }
        } catch (IOException ignored) {
            // the worker is gone
        }
    }

    private static void log(Logger to, String level, String message) {
        switch (level) {
            case "ERROR" -> to.error("{}", message);
            case "WARN" -> to.warn("{}", message);
            case "DEBUG" -> to.debug("{}", message);
            case "TRACE" -> to.trace("{}", message);
            default -> to.info("{}", message);
        }
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
