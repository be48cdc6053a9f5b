package io.wharf.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one load: checks that the target answers at all, spreads the connections over {@code threads}
 * {@link Worker}s, reports progress from a timer thread, tells the caller when the measurement window opens and
 * closes, and merges what the workers counted into a {@link LoadReport}.
 *
 * <p>Threading: {@link #run} blocks its caller until the run is over; it may be called from several threads for
 * independent runs.
 */
public final class LoadGenerator {

    private static final long PROGRESS_MILLIS = 250;

    private LoadGenerator() {
    }

    /** Runs the load and returns when done; throws IOException only when the target cannot be reached at all
     *  before the run starts (e.g. nothing listening): that is a one-line user error. */
    public static LoadReport run(LoadSpec spec, LoadProgress progress) throws IOException {
        return run(spec, spec.target().target(spec), progress);
    }

    /** The same with a target of the caller's (a protocol that is not built in). */
    public static LoadReport run(LoadSpec spec, LoadTarget target, LoadProgress progress) throws IOException {
        InetSocketAddress address = resolve(spec.host(), spec.port());
        FileLimit.check(spec.connections());
        probe(address, spec.host(), spec.port(), spec.timeout(), spec.tls());
        progress.starting();
        return runWithoutProbe(spec, address, target, progress);
    }

    /**
     * A staged run: the load follows {@code shape}'s curve (the spec gives the connections, threads, timeout and
     * keep-alive; its rate and duration must match the curve's peak and length, as {@link #stagedSpec} makes
     * them), and each second's figures go to {@code intervals} while it runs.
     */
    public static LoadReport run(LoadSpec spec, RunShape shape, LoadTarget target, LoadProgress progress,
                                 Interval.Listener intervals) throws IOException {
        InetSocketAddress address = resolve(spec.host(), spec.port());
        FileLimit.check(spec.connections());
        probe(address, spec.host(), spec.port(), spec.timeout(), spec.tls());
        progress.starting();
        return runWithoutProbe(spec, shape, address, target, progress, intervals);
    }

    /**
     * A plain run (as {@link #run(LoadSpec, LoadTarget, LoadProgress)}: same timetable, same report) that also
     * cuts each second's figures, warm-up included, for {@code intervals}; its stages are {@code warm-up} (when
     * there is one) and {@code measured}. The spec must run for a duration, not a request count.
     */
    public static LoadReport run(LoadSpec spec, LoadTarget target, LoadProgress progress,
                                 Interval.Listener intervals) throws IOException {
        if (spec.requests() > 0) {
            throw new IllegalArgumentException("a time series needs a run of a duration, not of a request count");
        }
        return run(spec, new RunShape(flat(spec), 0, 0), target, progress, intervals);
    }

    /** The constant load of {@code spec} as a curve: warm-up then measured, at its rate or connections. */
    public static LoadCurve flat(LoadSpec spec) {
        boolean rate = spec.openLoop();
        double value = rate ? spec.rate() : spec.connections();
        List<LoadCurve.Stage> stages = new ArrayList<>();
        if (!spec.warmup().isZero()) {
            stages.add(new LoadCurve.Stage("warm-up", spec.warmup().toNanos(), value, value));
        }
        stages.add(new LoadCurve.Stage("measured", spec.duration().toNanos(), value, value));
        return new LoadCurve(rate ? LoadCurve.Mode.RATE : LoadCurve.Mode.CONNECTIONS, stages);
    }

    /**
     * {@code base} made to fit {@code curve}: as long as it, no warm-up, the rate its peak (rate mode) and, for a
     * curve of connections, as many connections as its peak.
     */
    public static LoadSpec stagedSpec(LoadSpec base, LoadCurve curve) {
        LoadSpec s = base.withDuration(java.time.Duration.ofNanos(curve.totalNanos())).withWarmup(Duration.ZERO)
                .withRequests(0);
        return curve.mode() == LoadCurve.Mode.RATE ? s.withRate(Math.max(curve.peak(), 1e-9))
                : s.withRate(0).withConnections(Math.max(1, (int) Math.ceil(curve.peak())));
    }

    /** The run itself; a target that refuses every connection shows as failures rather than an exception. */
    static LoadReport runWithoutProbe(LoadSpec spec, InetSocketAddress address, LoadTarget target,
                                      LoadProgress progress) throws IOException {
        return runWithoutProbe(spec, null, address, target, progress, null);
    }

    private static LoadReport runWithoutProbe(LoadSpec spec, RunShape shape, InetSocketAddress address,
                                              LoadTarget target, LoadProgress progress,
                                              Interval.Listener intervals) throws IOException {
        int threads = spec.effectiveThreads();
        long epoch = System.currentTimeMillis();
        RunPlan plan = new RunPlan(spec, shape, address, System.nanoTime());
        List<Worker> workers = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<LoadConnection> share = new ArrayList<>();
            for (int i = t; i < spec.connections(); i += threads) {
                share.add(new LoadConnection(i, target.newExchange(i)));
            }
            Worker w = new Worker(plan, share);
            workers.add(w);
            running.add(Thread.ofPlatform().name("wharf-load-" + t).start(w));
        }
        Thread ticker = Thread.ofPlatform().daemon().name("wharf-load-progress")
                .start(() -> tick(plan, workers, running, progress));
        IntervalSampler sampler = shape == null || intervals == null ? null
                : new IntervalSampler(plan.start, plan.measureUntil, plan.curve,
                        workers.stream().map(Worker::tally).toList(), () -> workers.stream().mapToInt(Worker::open).sum(),
                        intervals, epoch);
        Thread sampling = sampler == null ? null
                : Thread.ofPlatform().daemon().name("wharf-load-intervals").start(sampler);
        try {
            phases(plan, running, progress);
            for (Thread thread : running) {
                thread.join();
            }
            ticker.interrupt();
            ticker.join();
            if (sampler != null) {
                sampler.finish(sampling);
            }
        } catch (InterruptedException e) {
            running.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return combine(spec, plan, workers);
    }

    static InetSocketAddress resolve(String host, int port) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IOException("unknown host '" + host + "'");
        }
        return address;
    }

    /**
     * One blocking connect (and TLS handshake) before the run, so "nothing listening" or "certificate not trusted"
     * is one clear error, not a run of failures.
     */
    static void probe(InetSocketAddress address, String host, int port, Duration timeout, ClientTls tls)
            throws IOException {
        Socket s;
        try {
            s = ClientTls.off().connect(address, host, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (IOException e) {
            throw new IOException("cannot connect to " + host + ":" + port + ": "
                    + Failures.ofConnect(e).name().toLowerCase(java.util.Locale.ROOT) + " (" + e.getMessage() + ")", e);
        }
        s.close();
        if (tls.on()) {
            tls.connect(address, host, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis())).close();
        }
    }

    /** Calls the phase hooks at the window's edges; for a request-count run, the end is when the workers finish. */
    private static void phases(RunPlan plan, List<Thread> running, LoadProgress progress) throws InterruptedException {
        sleepUntil(plan.measureFrom, running);
        progress.measuring();
        if (!plan.byCount()) {
            sleepUntil(plan.measureUntil, running);
        } else {
            for (Thread t : running) {
                t.join();
            }
        }
        progress.measured();
    }

    private static void sleepUntil(long deadline, List<Thread> running) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0 && running.stream().anyMatch(Thread::isAlive)) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    private static void tick(RunPlan plan, List<Worker> workers, List<Thread> running, LoadProgress progress) {
        long total = plan.byCount() ? 0 : TimeUnit.NANOSECONDS.toMillis(plan.measureUntil - plan.start);
        long lastOk = 0;
        long lastAt = plan.start;
        try {
            while (running.stream().anyMatch(Thread::isAlive)) {
                Thread.sleep(PROGRESS_MILLIS);
                long now = System.nanoTime();
                long ok = workers.stream().mapToLong(w -> w.tally().successes()).sum();
                long failed = workers.stream().mapToLong(w -> w.tally().failed()).sum();
                double rps = (ok - lastOk) / ((now - lastAt) / 1e9);
                progress.update(TimeUnit.NANOSECONDS.toMillis(now - plan.start), total, ok, failed, rps);
                lastOk = ok;
                lastAt = now;
            }
        } catch (InterruptedException done) {
            Thread.currentThread().interrupt();
        }
    }

    private static LoadReport combine(LoadSpec spec, RunPlan plan, List<Worker> workers) throws IOException {
        List<Tally> tallies = new ArrayList<>();
        long ended = plan.measureFrom;
        for (Worker w : workers) {
            if (w.failure() != null) {
                throw new IOException("load thread failed: " + w.failure().getMessage(), w.failure());
            }
            tallies.add(w.tally());
            ended = Math.max(ended, w.endedAt());
        }
        Tally t = Tally.sum(tallies);
        Duration elapsed = plan.byCount() ? Duration.ofNanos(ended - plan.measureFrom) : spec.duration();
        return new LoadReport(spec, t.successes(), t.failures(), t.bytesSent, t.bytesReceived, elapsed, t.latency,
                t.connect, t.connectionsOpened, t.examples, t.connectsMeasured);
    }
}
