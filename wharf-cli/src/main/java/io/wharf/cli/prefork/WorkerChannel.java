package io.wharf.cli.prefork;

import io.wharf.core.stats.ClusterStats;
import io.wharf.core.stats.ServerStats;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A prefork worker's side of the pipes to its master: reports on stdout (ready, then each listener's stats twice
 * a second, and a last time at close), each listener's numbers over the whole server from stdin into its
 * {@link ServerStats#cluster}, and stdin's end as the master's death, which
 * stops the worker, so a worker never outlives its master. Threading: a daemon reporter and a daemon reader;
 * {@link #start} and {@link #close} from the worker's main thread.
 */
public final class WorkerChannel implements AutoCloseable {

    static final long REPORT_MILLIS = 500;

    private final PrintStream out;
    private final InputStream in;
    private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("wharf-worker-report").unstarted(r));
    private volatile Map<String, ClusterStats> cluster = Map.of();

    /** Takes over stdout (everything else printing goes to stderr from now on) and stdin. */
    public WorkerChannel() {
        this.out = System.out;
        this.in = System.in;
        System.setOut(System.err);
    }

    /**
     * Reports {@code stats} and feeds the cluster's into it; {@code stopAccepting} runs when the master asks
     * (then the worker answers {@code {"quiet":true}}), {@code masterGone} when stdin ends.
     */
    public void start(Map<String, ServerStats> stats, Runnable stopAccepting, Runnable masterGone) {
        stats.forEach((name, s) -> s.cluster(() -> Optional.ofNullable(cluster.get(name))));
        reporter.scheduleAtFixedRate(() -> send(report(stats)), REPORT_MILLIS,
                REPORT_MILLIS, TimeUnit.MILLISECONDS);
        Thread.ofPlatform().daemon().name("wharf-worker-control").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.equals(SnapshotJson.STOP_ACCEPTING)) {
                        stopAccepting.run();
                        send(SnapshotJson.QUIET);
                        continue;
                    }
                    Map<String, ClusterStats> c = SnapshotJson.parseCluster(line);
                    if (!c.isEmpty()) {
                        cluster = c;
                    }
                }
            } catch (java.io.IOException ignored) {
                // same as the end of stdin
            }
            masterGone.run();
        });
    }

    public void ready(int port) {
        send(SnapshotJson.ready(port));
    }

    private synchronized void send(String line) {
        out.println(line);
        out.flush();
    }

    /** Sends a last report, so the master's totals include this worker's final counts. */
    public void close(Map<String, ServerStats> stats) {
        reporter.shutdownNow();
        send(report(stats));
    }

    /** Each listener's own numbers in this worker: what the master sums over workers. */
    static String report(Map<String, ServerStats> stats) {
        Map<String, Tally.Report> each = new LinkedHashMap<>();
        stats.forEach((name, s) -> each.put(name, new Tally.Report(s.snapshot(), s.protocolCounters())));
        return SnapshotJson.stats(each);
    }

    @Override
    public void close() {
        reporter.shutdownNow();
    }
}
