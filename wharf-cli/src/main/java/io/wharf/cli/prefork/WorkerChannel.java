package io.wharf.cli.prefork;

import io.wharf.core.stats.ServerStats;
import io.wharf.core.stats.StatsSnapshot;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A prefork worker's side of the pipes to its master: reports on stdout (ready, then stats twice a second),
 * the cluster's stats from stdin into {@link ServerStats#workers}, and stdin's end as the master's death, which
 * stops the worker, so a worker never outlives its master. Threading: a daemon reporter and a daemon reader;
 * {@link #start} and {@link #close} from the worker's main thread.
 */
public final class WorkerChannel implements AutoCloseable {

    static final long REPORT_MILLIS = 500;

    private final PrintStream out;
    private final InputStream in;
    private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("wharf-worker-report").unstarted(r));
    private volatile Map<String, StatsSnapshot> cluster = Map.of();

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
    public void start(List<ServerStats> stats, Runnable stopAccepting, Runnable masterGone) {
        stats.forEach(s -> s.workers(() -> cluster));
        reporter.scheduleAtFixedRate(() -> send(SnapshotJson.stats(sum(stats))), REPORT_MILLIS,
                REPORT_MILLIS, TimeUnit.MILLISECONDS);
        Thread.ofPlatform().daemon().name("wharf-worker-control").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.equals(SnapshotJson.STOP_ACCEPTING)) {
                        stopAccepting.run();
                        send(SnapshotJson.QUIET);
                        continue;
                    }
                    Map<String, StatsSnapshot> w = SnapshotJson.parseWorkers(line);
                    if (!w.isEmpty()) {
                        cluster = w;
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
    public void close(List<ServerStats> stats) {
        reporter.shutdownNow();
        send(SnapshotJson.stats(sum(stats)));
    }

    /** This worker's listeners together: what the master sums over workers. */
    static StatsSnapshot sum(List<ServerStats> stats) {
        List<StatsSnapshot> all = stats.stream().map(ServerStats::snapshot).toList();
        StatsSnapshot first = all.get(0);
        return new StatsSnapshot(first.model(), first.started(), first.uptimeSeconds(),
                all.stream().mapToLong(StatsSnapshot::totalConnections).sum(),
                all.stream().mapToLong(StatsSnapshot::activeConnections).sum(),
                all.stream().mapToLong(StatsSnapshot::refusedConnections).sum(),
                all.stream().mapToLong(StatsSnapshot::bytesIn).sum(),
                all.stream().mapToLong(StatsSnapshot::bytesOut).sum(),
                all.stream().mapToLong(StatsSnapshot::errors).sum(), first.modelGauges());
    }

    @Override
    public void close() {
        reporter.shutdownNow();
    }
}
