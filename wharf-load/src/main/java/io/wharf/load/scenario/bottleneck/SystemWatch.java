package io.wharf.load.scenario.bottleneck;

import io.wharf.load.Interval;
import io.wharf.load.compare.ProcSample;
import io.wharf.load.compare.ProcSampler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Samples the machine at the end of each interval of a run, for {@link Bottlenecks}: the server's threads (when
 * its pid is given), the generator's own load threads, the kernel's TCP counters and the accept queue of the
 * listener on the target's port. A server in this very process (a test) is told apart from the generator by
 * thread: the generator's threads are left out of the server's figures.
 *
 * <p>Threading: {@link #start} on the run's thread before the load, {@link #sample} on the generator's sampling
 * thread, {@link #samples} after the run; the calls never overlap and the generator's thread start/join orders
 * them.
 */
public final class SystemWatch {

    /** Server threads kept per sample, busiest first. */
    public static final int TOP = 8;
    private static final Pattern LOAD_THREAD = Pattern.compile("wharf-load-(\\d+|chat.*)");
    private static final long SELF = ProcessHandle.current().pid();

    private final Long serverPid;
    private final int port;
    private final GcLog gc;
    private final List<SystemSample> samples = new ArrayList<>();
    private ThreadTimes lastServer;
    private ThreadTimes lastSelf;
    private Map<String, Long> lastTcp;
    private long lastAt;

    /** {@code serverPid} null: no server figures, only the generator's and the kernel's. */
    public SystemWatch(Long serverPid, int port) {
        this(serverPid, port, null);
    }

    /** With the server's {@code -Xlog:gc} file, or null. */
    public SystemWatch(Long serverPid, int port, java.nio.file.Path gcLog) {
        this.serverPid = serverPid;
        this.port = port;
        this.gc = gcLog == null ? null : new GcLog(gcLog);
    }

    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The baseline the first interval's growth is taken from. */
    public void start() {
        lastAt = System.nanoTime();
        lastSelf = ThreadTimes.of(SELF);
        lastServer = serverPid == null ? null : ThreadTimes.of(serverPid);
        lastTcp = KernelCounters.read();
        if (gc != null) {
            gc.skipToEnd();
        }
    }

    public void sample(Interval interval) {
        if (lastTcp == null) {
            start();
        }
        long now = System.nanoTime();
        double wall = Math.max(1, now - lastAt);
        ThreadTimes self = ThreadTimes.of(SELF);
        Set<Long> generatorTids = new HashSet<>();
        List<ThreadLoad> generator = new ArrayList<>();
        for (Map.Entry<Long, ThreadTimes.Times> e : self.byTid().entrySet()) {
            if (LOAD_THREAD.matcher(e.getValue().name()).matches()) {
                generatorTids.add(e.getKey());
                generator.add(load(e.getValue(), lastSelf.byTid().get(e.getKey()), wall));
            }
        }
        generator.sort(Comparator.comparingDouble(ThreadLoad::busy).reversed());
        List<ThreadLoad> server = new ArrayList<>();
        double serverCpu = -1;
        long rss = -1;
        int fds = -1;
        int threads = -1;
        if (serverPid != null) {
            ThreadTimes now2 = serverPid == SELF ? self : ThreadTimes.of(serverPid);
            serverCpu = 0;
            for (Map.Entry<Long, ThreadTimes.Times> e : now2.byTid().entrySet()) {
                if (serverPid == SELF && (generatorTids.contains(e.getKey())
                        || e.getValue().name().startsWith("wharf-load"))) {
                    continue;
                }
                ThreadLoad t = load(e.getValue(), lastServer.byTid().get(e.getKey()), wall);
                serverCpu += t.cpu();
                server.add(t);
            }
            server.sort(Comparator.comparingDouble(ThreadLoad::busy).reversed());
            if (server.size() > TOP) {
                server = new ArrayList<>(server.subList(0, TOP));
            }
            ProcSample p = ProcSampler.sample(serverPid);
            rss = p.rssBytes();
            fds = p.fds();
            threads = p.threads();
            lastServer = now2;
        }
        Map<String, Long> tcp = KernelCounters.read();
        Map<String, Long> grown = new LinkedHashMap<>();
        tcp.forEach((k, v) -> grown.put(k, Math.max(0, v - lastTcp.getOrDefault(k, v))));
        ListenQueue.Depth queue = ListenQueue.of(port);
        GcLog.Pauses pauses = gc == null ? GcLog.Pauses.NONE : gc.read();
        samples.add(new SystemSample(interval.endMillis(), interval.epochMillis() + interval.endMillis()
                - interval.startMillis(), interval.stage(), interval.rate(), interval.target(), server, serverCpu,
                rss, fds, threads, generator, generator.stream().mapToDouble(ThreadLoad::cpu).sum(), grown,
                queue.queued(), queue.backlog(), pauses.count(), pauses.millis()));
        lastSelf = self;
        lastTcp = tcp;
        lastAt = now;
    }

    private static ThreadLoad load(ThreadTimes.Times now, ThreadTimes.Times before, double wall) {
        long run = now.runNanos() - (before == null ? 0 : before.runNanos());
        long wait = now.waitNanos() - (before == null ? 0 : before.waitNanos());
        return new ThreadLoad(now.name(), Math.min(1, Math.max(0, run / wall)),
                Math.min(1, Math.max(0, (run + wait) / wall)));
    }

    /** Every sample taken, in order. */
    public List<SystemSample> samples() {
        return List.copyOf(samples);
    }
}
