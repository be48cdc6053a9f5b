package io.wharf.load;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.HdrHistogram.Histogram;

/**
 * Cuts a staged run into one-second {@link Interval}s, and at every stage's edge too, so each interval lies in one
 * stage (to within this thread's wake-up): at each cut it swaps every worker's
 * interval recorder (HdrHistogram's {@code SingleWriterRecorder}, so the workers never wait), sums the histograms
 * and the counters' growth, and hands the interval to the listener. After the workers end, {@link #finish} takes
 * the last, shorter interval (for chat, the deliveries still arriving after the last send).
 *
 * <p>Threading: {@link #run} on its own thread; {@link #finish} on the run's thread once that one has stopped.
 */
final class IntervalSampler implements Runnable {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final long start;
    private final long until;
    private final LoadCurve curve;
    private final List<Tally> tallies;
    private final IntSupplier open;
    private final Interval.Listener listener;
    private final long startEpochMillis;
    private final long[] lastFailures = new long[FailureKind.values().length];
    private long lastOk;
    private long lastAt;
    private volatile boolean stopped;

    /**
     * Cuts from {@code start} to {@code until} ({@link System#nanoTime()}) along {@code curve}; {@code tallies}
     * are the load threads' (made with intervals on), {@code open} counts the connections open now.
     */
    IntervalSampler(long start, long until, LoadCurve curve, List<Tally> tallies, IntSupplier open,
                    Interval.Listener listener, long startEpochMillis) {
        this.start = start;
        this.until = until;
        this.curve = curve;
        this.tallies = List.copyOf(tallies);
        this.open = open;
        this.listener = listener;
        this.startEpochMillis = startEpochMillis;
        this.lastAt = start;
    }

    @Override
    public void run() {
        long second = start + SECOND;
        try {
            while (!stopped) {
                long next = Math.min(Math.min(second, nextEdge()), until);
                if (next <= lastAt) {
                    return;
                }
                long left;
                while ((left = next - System.nanoTime()) > 0 && !stopped) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
                }
                if (stopped) {
                    return;
                }
                sample(next);
                if (next == second) {
                    second += SECOND;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first stage start after the last cut, or {@link Long#MAX_VALUE}. */
    private long nextEdge() {
        for (int i = 1; i < curve.stages().size(); i++) {
            long edge = start + curve.stageStart(i);
            if (edge > lastAt) {
                return edge;
            }
        }
        return Long.MAX_VALUE;
    }

    /** Stops the thread (joined by the caller), then takes what is left since the last full second. */
    void finish(Thread thread) throws InterruptedException {
        finish(thread, false);
    }

    /** The same; with {@code pastEnd}, what arrived after the end is one more interval (chat's late deliveries). */
    void finish(Thread thread, boolean pastEnd) throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join();
        long now = System.nanoTime();
        long end = pastEnd ? now : Math.min(now, until);
        boolean counted = countedSinceLastCut();
        if (counted && end <= lastAt) {
            end = Math.max(now, lastAt + 1); // replies the workers counted as they stopped, just past the end
        }
        // a sliver of time is not worth an interval of its own, unless replies landed in it: the intervals must
        // add up to the run's totals
        if (end > lastAt + TimeUnit.MILLISECONDS.toNanos(50) || (end > lastAt && counted)) {
            sample(end);
        }
    }

    private boolean countedSinceLastCut() {
        long ok = 0;
        long failed = 0;
        long failedBefore = 0;
        for (Tally t : tallies) {
            ok += t.intervalReplies();
            for (FailureKind k : FailureKind.values()) {
                failed += t.failures(k);
            }
        }
        for (long f : lastFailures) {
            failedBefore += f;
        }
        return ok != lastOk || failed != failedBefore;
    }

    private void sample(long at) {
        Histogram sum = Tally.histogram();
        long ok = 0;
        long[] failed = new long[lastFailures.length];
        for (Tally t : tallies) {
            sum.add(t.intervalHistogram(null));
            ok += t.intervalReplies();
            for (FailureKind k : FailureKind.values()) {
                failed[k.ordinal()] += t.failures(k);
            }
        }
        Map<FailureKind, Long> errors = new EnumMap<>(FailureKind.class);
        for (FailureKind k : FailureKind.values()) {
            long d = failed[k.ordinal()] - lastFailures[k.ordinal()];
            if (d > 0) {
                errors.put(k, d);
            }
            lastFailures[k.ordinal()] = failed[k.ordinal()];
        }
        long fromMillis = TimeUnit.NANOSECONDS.toMillis(lastAt - start);
        long toMillis = TimeUnit.NANOSECONDS.toMillis(at - start);
        sum.setStartTimeStamp(startEpochMillis + fromMillis);
        sum.setEndTimeStamp(startEpochMillis + toMillis);
        long offset = Math.max(0, at - start - 1);
        int stage = curve.stageAt(offset);
        // the mean over the interval (a ramp's midpoint), to set beside the interval's mean rate
        double target = curve.valueAt(Math.min(offset, (lastAt + at) / 2 - start));
        listener.interval(new Interval(fromMillis, toMillis, startEpochMillis + fromMillis, stage, target,
                ok - lastOk, errors, open.getAsInt(), sum));
        lastOk = ok;
        lastAt = at;
    }
}
