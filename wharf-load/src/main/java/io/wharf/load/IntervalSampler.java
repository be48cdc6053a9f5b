package io.wharf.load;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Cuts a staged run into one-second {@link Interval}s, and at every stage's edge too, so each interval lies in one
 * stage (to within this thread's wake-up): at each cut it swaps every worker's
 * interval recorder (HdrHistogram's {@code SingleWriterRecorder}, so the workers never wait), sums the histograms
 * and the counters' growth, and hands the interval to the listener. After the workers end, {@link #finish} takes
 * the last, shorter interval.
 *
 * <p>Threading: {@link #run} on its own thread; {@link #finish} on the run's thread once that one has stopped.
 */
final class IntervalSampler implements Runnable {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final RunPlan plan;
    private final List<Worker> workers;
    private final Interval.Listener listener;
    private final long startEpochMillis;
    private final long[] lastFailures = new long[FailureKind.values().length];
    private long lastOk;
    private long lastAt;
    private volatile boolean stopped;

    IntervalSampler(RunPlan plan, List<Worker> workers, Interval.Listener listener, long startEpochMillis) {
        this.plan = plan;
        this.workers = workers;
        this.listener = listener;
        this.startEpochMillis = startEpochMillis;
        this.lastAt = plan.start;
    }

    @Override
    public void run() {
        long second = plan.start + SECOND;
        try {
            while (!stopped) {
                long next = Math.min(Math.min(second, nextEdge()), plan.measureUntil);
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
        for (int i = 1; i < plan.curve.stages().size(); i++) {
            long edge = plan.start + plan.curve.stageStart(i);
            if (edge > lastAt) {
                return edge;
            }
        }
        return Long.MAX_VALUE;
    }

    /** Stops the thread (joined by the caller), then takes what is left since the last full second. */
    void finish(Thread thread) throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join();
        long end = Math.min(System.nanoTime(), plan.measureUntil);
        if (end > lastAt + TimeUnit.MILLISECONDS.toNanos(50)) {
            sample(end);
        }
    }

    private void sample(long at) {
        Histogram sum = Tally.histogram();
        long ok = 0;
        int open = 0;
        long[] failed = new long[lastFailures.length];
        for (Worker w : workers) {
            sum.add(w.tally().intervalHistogram(null));
            ok += w.tally().intervalReplies();
            open += w.open();
            for (FailureKind k : FailureKind.values()) {
                failed[k.ordinal()] += w.tally().failures(k);
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
        long fromMillis = TimeUnit.NANOSECONDS.toMillis(lastAt - plan.start);
        long toMillis = TimeUnit.NANOSECONDS.toMillis(at - plan.start);
        sum.setStartTimeStamp(startEpochMillis + fromMillis);
        sum.setEndTimeStamp(startEpochMillis + toMillis);
        long offset = Math.max(0, at - plan.start - 1);
        int stage = plan.curve.stageAt(offset);
        // the mean over the interval (a ramp's midpoint), to set beside the interval's mean rate
        double target = plan.curve.valueAt(Math.min(offset, (lastAt + at) / 2 - plan.start));
        listener.interval(new Interval(fromMillis, toMillis, startEpochMillis + fromMillis, stage, target,
                ok - lastOk, errors, open, sum));
        lastOk = ok;
        lastAt = at;
    }
}
