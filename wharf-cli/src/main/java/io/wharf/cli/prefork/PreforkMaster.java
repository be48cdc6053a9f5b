package io.wharf.cli.prefork;

import io.wharf.cli.ServePlan;
import io.wharf.cli.process.ChildJvm;
import io.wharf.cli.process.MultiProcessKeys;
import io.wharf.core.Listener;
import io.wharf.core.Model;
import io.wharf.core.ServerSettings;
import io.wharf.core.SocketOptions;
import io.wharf.core.StartupException;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigException;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.tls.TlsLayer;
import io.wharf.core.spi.HostView;
import io.wharf.core.spi.ServiceContext;
import io.wharf.core.stats.ServerStats;
import io.wharf.core.stats.StatsSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The {@code prefork} master: validates the config and the ports, starts N worker JVMs that each bind every
 * listener's port with SO_REUSEPORT and run it under an in-process model, restarts the ones that die (at once, then with back-off while
 * they keep dying young), relays stats, and replaces the whole generation on reload: new workers first, then the
 * old ones drain and retire. It never accepts a connection itself.
 *
 * <p>Threading: {@link #start} and {@link #stop} on the control thread; {@link #reload} on the reload thread;
 * exit callbacks on the JDK's process threads. Generation changes and restarts synchronise on {@code this}.
 */
public final class PreforkMaster {

    private static final Logger log = LoggerFactory.getLogger("wharf.prefork");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    /** A worker that dies younger than this counts towards a crash streak (back-off). */
    private static final long YOUNG_MILLIS = 10_000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final ChildJvm jvm;
    private final List<String> serveArgs;
    private final ServerStats masterStats = new ServerStats();
    private final Tally tally = new Tally();
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final Map<Integer, Integer> crashStreak = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1, r ->
            Thread.ofPlatform().daemon().name("wharf-prefork").unstarted(r));
    private volatile ServePlan plan;
    private volatile Config config;
    /** Each listener's settings, as the master pins them: its port and address stay across reloads. */
    private final Map<String, ServerSettings> settings = new LinkedHashMap<>();
    private volatile int generation;
    private volatile boolean stopping;
    private volatile long restarts;

    public PreforkMaster(ServePlan plan, List<String> serveArgs, ChildJvm jvm) {
        this.plan = plan;
        this.config = plan.config();
        this.serveArgs = List.copyOf(serveArgs);
        this.jvm = jvm;
        for (ServePlan.Listener l : plan.listeners()) {
            settings.put(l.name(), CoreKeys.settings(l.config(), l.defaultPort(), l.protocol().defaultBindAddress()));
        }
        masterStats.model(Model.PREFORK.id(), Map::of);
    }

    /** Validates, probes the port, starts the first generation and returns once every worker serves. */
    public void start() throws StartupException {
        validate(plan);
        for (Map.Entry<String, ServerSettings> e : settings.entrySet()) {
            try {
                probe(e.getValue());
            } catch (StartupException failure) {
                throw plan.sectioned() ? new StartupException(plan.listener(e.getKey()).label()
                        + failure.getMessage(), failure) : failure;
            }
        }
        synchronized (this) {
            generation = 1;
            startGeneration(plan, 1);
        }
        timer.scheduleAtFixedRate(this::relayStats, WorkerChannel.REPORT_MILLIS, WorkerChannel.REPORT_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** The listeners' ports, {@code 8080} or {@code 8080, 6667}. */
    public String ports() {
        return settings.values().stream().map(s -> Integer.toString(s.port())).collect(Collectors.joining(", "));
    }

    public int workerCount() {
        return (int) workers.stream().filter(w -> !w.retiring()).count();
    }

    /**
     * The whole server's numbers, for the master's stats line: every listener of every worker, including the
     * final counts of workers retired by reloads and restarts, so the totals never go back.
     */
    public StatsSnapshot aggregate() {
        StatsSnapshot m = masterStats.snapshot();
        StatsSnapshot t = tally.total();
        return new StatsSnapshot("prefork/" + MultiProcessKeys.workerModel(config).id(), m.started(),
                m.uptimeSeconds(), t.totalConnections(), t.activeConnections(), t.refusedConnections(), t.bytesIn(),
                t.bytesOut(), t.errors(),
                Map.of("workers", (long) workerCount(), "worker_restarts", restarts, "generation", (long) generation));
    }

    /**
     * SIGHUP with a valid new config: starts a new generation with it and retires the old one once every new
     * worker serves. If the new workers fail, they are stopped and the old ones keep serving.
     */
    public void reload(ServePlan freshPlan) {
        Config fresh = freshPlan.config();
        try {
            validate(freshPlan);
        } catch (StartupException e) {
            log.error("reload refused, keeping the running workers: {}", e.getMessage());
            return;
        }
        List<Worker> old;
        int next;
        synchronized (this) {
            if (stopping) {
                return;
            }
            old = workers.stream().filter(w -> !w.retiring()).toList();
            next = generation + 1;
            generation = next; // from now on, old workers that die are not restarted
        }
        try {
            startGeneration(freshPlan, next);
        } catch (StartupException e) {
            synchronized (this) {
                generation = next - 1;
            }
            log.error("reload failed, keeping the running workers: {}", e.getMessage());
            return;
        }
        config = fresh;
        plan = freshPlan;
        log.info("reload: generation {} serving with {} worker(s); draining {} old worker(s)", next,
                MultiProcessKeys.workers(fresh), old.size());
        retire(old);
    }

    /**
     * Closes every listener of {@code leaving} first, then lets them drain: a draining worker tells its keep-alive
     * clients to reconnect, and they must not land in the accept queue of a sibling about to close its listener
     * (closing a SO_REUSEPORT listener resets what waits in its queue unless net.ipv4.tcp_migrate_req is 1).
     */
    private static void retire(List<Worker> leaving) {
        try {
            CompletableFuture.allOf(leaving.stream().map(Worker::stopAccepting).toArray(CompletableFuture[]::new))
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("not every worker confirmed it stopped accepting; draining anyway");
        }
        leaving.forEach(Worker::retire);
    }

    /** Graceful stop: every worker drains (SIGTERM) and exits; returns true when all exited 0. */
    public boolean stop() {
        stopping = true;
        List<Worker> all = List.copyOf(workers);
        log.info("stopping {} worker(s): each closes its listener, then drains its connections", all.size());
        retire(all);
        long deadline = System.nanoTime() + config.get(CoreKeys.DRAIN_TIMEOUT).plusSeconds(10).toNanos();
        boolean clean = true;
        for (Worker w : all) {
            try {
                if (!w.process().waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    log.warn("{} still running after the drain timeout: killing it", w.name());
                    w.process().destroyForcibly().waitFor();
                    clean = false;
                } else {
                    log.info("{} exited with code {}", w.name(), w.process().exitValue());
                    clean &= w.process().exitValue() == 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        timer.shutdownNow();
        return clean;
    }

    /** Second Ctrl-C: every worker is killed at once. */
    public void kill() {
        stopping = true;
        workers.forEach(w -> w.process().destroyForcibly());
    }

    /** Every listener's model fits its protocol, and its service starts (a missing document root fails here). */
    private static void validate(ServePlan p) throws StartupException {
        for (ServePlan.Listener l : p.listeners()) {
            Model m = workerModel(p, l);
            var refusal = m.refusal(l.protocol().needs(l.config()));
            if (refusal.isPresent()) {
                throw new StartupException(l.label() + l.protocol().name() + " cannot run under --worker-model "
                        + m.id() + ": " + refusal.get());
            }
            ProtocolService service;
            try {
                service = l.protocol().start(new ServiceContext(l.name(), l.config(), new ServerStats(), HostView.NONE));
            } catch (StartupException e) {
                throw new StartupException(l.label() + e.getMessage(), e);
            }
            try {
                // certificates are read (and a development one made) once here, before any worker starts
                TlsLayer.of(l.name(), l.config(), service, new ServerStats()).close();
            } catch (ConfigException e) {
                throw new StartupException(l.label() + e.getMessage(), e);
            } finally {
                service.shutdown();
            }
        }
    }

    /** What a worker runs a listener under: its own in-process model if its section sets one, else worker_model. */
    private static Model workerModel(ServePlan p, ServePlan.Listener l) {
        Model own = Model.byId(l.config().get(CoreKeys.MODEL)).orElseThrow();
        return own == Model.PREFORK ? MultiProcessKeys.workerModel(p.config()) : own;
    }

    /**
     * Binds the port without SO_REUSEPORT and lets it go: that fails while any socket holds the port, including
     * another master's workers, whose SO_REUSEPORT would otherwise let ours join their group silently.
     */
    private static void probe(ServerSettings s) throws StartupException {
        SocketOptions o = s.socketOptions();
        ServerSettings plain = new ServerSettings(s.bindAddress(), s.port(), s.backlog(), s.model(),
                s.threadPoolSize(), s.queueSize(), s.enqueueTimeout(), s.eventLoops(), s.workerThreads(),
                new SocketOptions(o.reuseAddress(), false, o.receiveBuffer(), o.sendBuffer(), o.keepAlive(),
                        o.tcpNoDelay()), s.drainTimeout(), s.limits());
        ServerSocketChannel channel = Listener.bind(plain);
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing bound any more either way
        }
    }

    /** Starts one generation and waits until each of its workers serves; on failure stops them all. */
    private void startGeneration(ServePlan p, int gen) throws StartupException {
        Config c = p.config();
        int n = MultiProcessKeys.workers(c);
        List<Worker> started = new ArrayList<>();
        try {
            for (int i = 1; i <= n; i++) {
                started.add(launch(p, i, gen));
            }
            CompletableFuture.allOf(started.stream().map(Worker::ready).toArray(CompletableFuture[]::new))
                    .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            started.forEach(Worker::abandon);
            String why = started.stream().filter(w -> !w.process().isAlive() || w.ready().isCompletedExceptionally())
                    .map(Worker::lastLine).filter(l -> !l.isEmpty()).findFirst()
                    .orElse("no worker was ready within " + READY_TIMEOUT.toSeconds() + "s");
            throw new StartupException(why.startsWith("wharf: ") ? why.substring(7) : why, e);
        }
        started.forEach(Worker::supervise);
        log.info("generation {}: {} worker(s) running the {} model on port {}, pids {}", gen, n,
                MultiProcessKeys.workerModel(c).id(), ports(), started.stream().map(Worker::pid).toList());
    }

    private Worker launch(ServePlan p, int index, int gen) throws IOException {
        Config c = p.config();
        List<String> args = new ArrayList<>(List.of("__worker", "--index", Integer.toString(index), "--"));
        args.addAll(serveArgs);
        // the master's ports and addresses stay; the rest of the (reloaded) config is the file's
        args.addAll(List.of("--set", "server.model=" + MultiProcessKeys.workerModel(c).id(),
                "--set", "server.so_reuseport=true"));
        for (ServePlan.Listener l : p.listeners()) {
            ServerSettings pinned = settings.getOrDefault(l.name(), CoreKeys.settings(l.config(),
                    l.defaultPort(), l.protocol().defaultBindAddress()));
            String prefix = p.sectioned() ? "listener." + l.name() + "." : "server.";
            if (p.sectioned()) {
                args.addAll(List.of("--set", prefix + "so_reuseport=true"));
            }
            args.addAll(List.of("--set", prefix + "port=" + pinned.port(),
                    "--set", prefix + "bind_address=" + pinned.bindAddress()));
        }
        Worker w = Worker.start(index, gen, jvm.command(List.of(), args), tally);
        workers.add(w);
        w.send(SnapshotJson.cluster(tally.cluster())); // its first /stats already counts the whole server
        w.gone().thenRun(() -> exited(w));
        return w;
    }

    private synchronized void exited(Worker w) {
        workers.remove(w);
        tally.exited(w.key());
        int code = w.process().exitValue();
        if (stopping) {
            return; // stop() reports each exit
        }
        if (w.retiring() || !w.supervised() || w.generation() != generation) {
            log.info("{} exited with code {}", w.name(), code);
            return;
        }
        restarts++;
        int streak = w.uptimeMillis() < YOUNG_MILLIS ? crashStreak.getOrDefault(w.index(), 0) + 1 : 1;
        crashStreak.put(w.index(), streak);
        long delay = streak <= 1 ? 0 : Math.min(MAX_BACKOFF_MILLIS, 500L << Math.min(16, streak - 2));
        log.warn("{} died after {}ms: {}{}; restarting it {}", w.name(), w.uptimeMillis(), describe(code),
                w.lastLine().isEmpty() ? "" : "; its last line: " + w.lastLine(),
                delay == 0 ? "now" : "in " + delay + "ms (" + streak + " quick deaths in a row)");
        int gen = generation;
        timer.schedule(() -> restart(w.index(), gen), delay, TimeUnit.MILLISECONDS);
    }

    private synchronized void restart(int index, int gen) {
        if (stopping || gen != generation) {
            return;
        }
        try {
            Worker w = launch(plan, index, gen);
            w.supervise();
            log.info("worker {} restarted as pid {}", index, w.pid());
        } catch (IOException e) {
            log.error("cannot restart worker {}: {}", index, e.getMessage());
        }
    }

    static String describe(int code) {
        if (code > 128) {
            int signal = code - 128;
            String name = switch (signal) {
                case 9 -> "SIGKILL";
                case 15 -> "SIGTERM";
                case 6 -> "SIGABRT";
                case 11 -> "SIGSEGV";
                default -> "signal " + signal;
            };
            return "killed by " + name + " (exit code " + code + ")";
        }
        return "exit code " + code;
    }

    private void relayStats() {
        String line = SnapshotJson.cluster(tally.cluster());
        workers.forEach(w -> w.send(line));
    }
}
