package io.wharf.load.scenario.bottleneck;

import io.wharf.load.LoadCurve;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Names what ran out first as the load rose, from the samples of a run: a pure function, so each verdict is tested
 * on made-up series. A resource counts as saturated when it stays so for {@link #HOLD} samples in a row (a thread
 * at least {@link #BUSY} busy: running or waiting for a core, never asleep) or at the first sample it is (a full
 * accept queue, kernel overflows). The findings come earliest first; none when nothing saturated. JIT compiler
 * threads are left out: they are busy while a JVM warms up, not because of the load. Stateless.
 */
public final class Bottlenecks {

    static final double BUSY = 0.9;
    static final int HOLD = 2;
    /** Paused for this share of a second: the server spends a tenth of its time not serving. */
    static final double GC_SHARE = 0.1;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    public enum Kind {
        /** A generator load thread never slept: the figures are the generator's limit. */
        GENERATOR,
        /** One server thread never slept while the server had cores to spare. */
        SERVER_THREAD,
        /** The server used (nearly) every core. */
        SERVER_CPU,
        /** The listener's accept queue filled up (or the kernel dropped connections for it). */
        ACCEPT_QUEUE,
        /** The server's GC paused it for a large share of the time. */
        GC
    }

    /** One resource that saturated, from when, at what load, in words. */
    public record Finding(Kind kind, long fromMillis, long epochMillis, int stage, double rate, String text) {
    }

    private Bottlenecks() {
    }

    public static List<Finding> find(List<SystemSample> samples, LoadCurve curve, int cores) {
        List<Finding> out = new ArrayList<>();
        generator(samples, curve).ifPresent(out::add);
        serverThread(samples, curve, cores).ifPresent(out::add);
        serverCpu(samples, curve, cores).ifPresent(out::add);
        acceptQueue(samples, curve).ifPresent(out::add);
        gc(samples, curve).ifPresent(out::add);
        out.sort(Comparator.comparingLong(Finding::fromMillis));
        return out;
    }

    private static Optional<Finding> generator(List<SystemSample> samples, LoadCurve curve) {
        return held(samples, s -> busiest(s.generatorThreads())).map(at -> {
            SystemSample s = samples.get(at);
            ThreadLoad t = busiest(s.generatorThreads());
            return new Finding(Kind.GENERATOR, s.endMillis(), s.epochMillis(), s.stage(), s.rate(),
                    when(s, curve) + " the load generator's thread `" + t.name() + "` was busy " + pct(t.busy())
                            + " of the time (ran " + pct(t.cpu()) + " of a core)" + serverAside(s)
                            + ": the generator itself saturated; give it more threads (load.threads, --threads): "
                            + "the server's figures from then on are not its limit");
        });
    }

    private static Optional<Finding> serverThread(List<SystemSample> samples, LoadCurve curve, int cores) {
        return held(samples, s -> s.serverCpu() >= BUSY * cores ? null : busiest(s.serverThreads())).map(at -> {
            SystemSample s = samples.get(at);
            ThreadLoad t = busiest(s.serverThreads());
            ThreadLoad g = busiest(s.generatorThreads());
            return new Finding(Kind.SERVER_THREAD, s.endMillis(), s.epochMillis(), s.stage(), s.rate(),
                    when(s, curve) + " the server thread `" + t.name() + "` was busy " + pct(t.busy())
                            + " of the time (ran " + pct(t.cpu()) + " of a core) while the generator's busiest "
                            + "thread was busy " + pct(g == null ? 0 : g.busy()) + " and the server used "
                            + String.format(Locale.ROOT, "%.1f", s.serverCpu()) + " of " + cores + " cores: the "
                            + "server is CPU-bound on one thread; a model that spreads connections over threads "
                            + "(wharf's reactor) would use the other cores");
        });
    }

    private static Optional<Finding> serverCpu(List<SystemSample> samples, LoadCurve curve, int cores) {
        int run = 0;
        for (int i = 0; i < samples.size(); i++) {
            SystemSample s = samples.get(i);
            run = s.hasServer() && s.rate() > 0 && s.serverCpu() >= BUSY * cores ? run + 1 : 0;
            if (run == HOLD) {
                SystemSample first = samples.get(i - HOLD + 1);
                return Optional.of(new Finding(Kind.SERVER_CPU, first.endMillis(), first.epochMillis(),
                        first.stage(), first.rate(), when(first, curve) + " the server used "
                        + String.format(Locale.ROOT, "%.1f", first.serverCpu()) + " of " + cores + " cores: it is "
                        + "CPU-bound across its threads; more cores or cheaper requests raise its limit"));
            }
        }
        return Optional.empty();
    }

    private static Optional<Finding> acceptQueue(List<SystemSample> samples, LoadCurve curve) {
        long overflows = samples.stream().mapToLong(s -> s.tcp("ListenOverflows")).sum();
        long drops = samples.stream().mapToLong(s -> s.tcp("ListenDrops")).sum();
        boolean queueSeen = samples.stream().anyMatch(s -> s.acceptBacklog() >= 0);
        for (SystemSample s : samples) {
            boolean full = s.acceptBacklog() >= 0 && s.acceptQueued() > 0 && s.acceptQueued() >= s.acceptBacklog();
            boolean dropped = !queueSeen && (s.tcp("ListenOverflows") > 0 || s.tcp("ListenDrops") > 0);
            if (full || dropped) {
                String queue = full ? "the listener's accept queue was full (" + s.acceptQueued() + " waiting, "
                        + "backlog " + s.acceptBacklog() + ")" : "the kernel dropped connections at a listener";
                return Optional.of(new Finding(Kind.ACCEPT_QUEUE, s.endMillis(), s.epochMillis(), s.stage(),
                        s.rate(), when(s, curve) + " " + queue + "; the accept queue overflowed " + overflows
                        + " times in the run (" + drops + " connections dropped; the kernel's counters, for the "
                        + "whole machine): the server does not accept as fast as clients connect: raise its backlog "
                        + "(and net.core.somaxconn) or accept faster"));
            }
        }
        return Optional.empty();
    }

    /** GC pauses over {@link #GC_SHARE} of the time, {@link #HOLD} samples in a row. */
    private static Optional<Finding> gc(List<SystemSample> samples, LoadCurve curve) {
        int run = 0;
        for (int i = 0; i < samples.size(); i++) {
            SystemSample s = samples.get(i);
            run = s.rate() > 0 && share(s) >= GC_SHARE ? run + 1 : 0;
            if (run == HOLD) {
                SystemSample first = samples.get(i - HOLD + 1);
                int pauses = 0;
                double ms = 0;
                for (SystemSample x : samples) {
                    pauses += Math.max(0, x.gcPauses());
                    ms += Math.max(0, x.gcPauseMillis());
                }
                return Optional.of(new Finding(Kind.GC, first.endMillis(), first.epochMillis(), first.stage(),
                        first.rate(), when(first, curve) + " the server's GC paused it for " + pct(share(first))
                        + " of the time (" + pauses + " pauses, " + String.format(Locale.ROOT, "%.0f", ms)
                        + " ms in the run): it is bound by garbage collection; a larger heap or fewer allocations "
                        + "per request raise its limit"));
            }
        }
        return Optional.empty();
    }

    private static double share(SystemSample s) {
        return s.gcPauseMillis() <= 0 ? 0 : s.gcPauseMillis() / 1000.0;
    }

    /** The first sample of the first run of {@link #HOLD} loaded samples whose picked thread stays busy. */
    private static Optional<Integer> held(List<SystemSample> samples, Function<SystemSample, ThreadLoad> pick) {
        int run = 0;
        String name = null;
        for (int i = 0; i < samples.size(); i++) {
            SystemSample s = samples.get(i);
            ThreadLoad t = s.rate() > 0 || s.target() > 0 ? pick.apply(s) : null;
            if (t != null && t.busy() >= BUSY && (run == 0 || t.name().equals(name))) {
                run++;
                name = t.name();
            } else {
                run = t != null && t.busy() >= BUSY ? 1 : 0;
                name = run == 1 ? t.name() : null;
            }
            if (run == HOLD) {
                return Optional.of(i - HOLD + 1);
            }
        }
        return Optional.empty();
    }

    /** The busiest thread but JIT compilers, or null. */
    public static ThreadLoad busiestOf(List<ThreadLoad> threads) {
        return busiest(threads);
    }

    static ThreadLoad busiest(List<ThreadLoad> threads) {
        return threads.stream().filter(t -> !t.name().startsWith("C1 Compiler") && !t.name().startsWith("C2 Compiler"))
                .max(Comparator.comparingDouble(ThreadLoad::busy)).orElse(null);
    }

    private static String serverAside(SystemSample s) {
        if (!s.hasServer()) {
            return "";
        }
        ThreadLoad t = busiest(s.serverThreads());
        return " while the server's busiest thread" + (t == null ? "" : " `" + t.name() + "`") + " was busy "
                + pct(t == null ? 0 : t.busy());
    }

    private static String when(SystemSample s, LoadCurve curve) {
        String clock = CLOCK.format(Instant.ofEpochMilli(s.epochMillis()).atZone(ZoneId.systemDefault()));
        String stage = curve.stages().get(Math.min(s.stage(), curve.stages().size() - 1)).name();
        return String.format(Locale.ROOT, "from %s (stage %d '%s', %,.0f req/s)", clock, s.stage() + 1, stage,
                s.rate());
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    /** The report's lines: the first finding, then any later ones; or that nothing saturated. */
    public static String text(List<Finding> findings, boolean sampled) {
        if (!sampled) {
            return "";
        }
        String nl = System.lineSeparator();
        if (findings.isEmpty()) {
            return "bottleneck  none: no thread stayed 90% busy, the accept queue never filled" + nl;
        }
        StringBuilder b = new StringBuilder("bottleneck  ").append(findings.get(0).text()).append(nl);
        for (Finding f : findings.subList(1, findings.size())) {
            b.append("  then      ").append(f.text()).append(nl);
        }
        return b.toString();
    }
}
