package io.wharf.load;

import java.util.List;

/**
 * How a staged load changes over time: a list of stages, each ramping linearly from one value to another over its
 * duration; the value is either a number of connections (closed loop: connection {@code i} works while
 * {@code i < connections(t)}) or a total request rate (open loop). For a rate, request {@code n} (0-based, over
 * all connections) is due when the integral of the rate reaches {@code n}: with a constant rate {@code r} that is
 * {@code n / r}, the same timetable a plain {@code --rate} run keeps.
 *
 * <p>Immutable; any thread.
 */
public final class LoadCurve {

    public enum Mode { CONNECTIONS, RATE }

    /** One stage: {@code from} at its start to {@code to} at its end, linearly. */
    public record Stage(String name, long nanos, double from, double to) {
        public Stage {
            if (nanos <= 0 || from < 0 || to < 0 || !Double.isFinite(from) || !Double.isFinite(to)) {
                throw new IllegalArgumentException("a stage needs a positive duration and values >= 0");
            }
        }
    }

    private final Mode mode;
    private final List<Stage> stages;
    private final long[] startNanos;
    /** Requests due before each stage starts (rate mode), and in all at the end. */
    private final double[] countBefore;

    public LoadCurve(Mode mode, List<Stage> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a load curve needs a stage");
        }
        this.mode = mode;
        this.stages = List.copyOf(stages);
        this.startNanos = new long[stages.size() + 1];
        this.countBefore = new double[stages.size() + 1];
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            startNanos[i + 1] = startNanos[i] + s.nanos();
            countBefore[i + 1] = countBefore[i] + (s.from() + s.to()) / 2 * (s.nanos() / 1e9);
        }
    }

    public Mode mode() {
        return mode;
    }

    public List<Stage> stages() {
        return stages;
    }

    public long totalNanos() {
        return startNanos[stages.size()];
    }

    /** The highest value any stage reaches. */
    public double peak() {
        return stages.stream().mapToDouble(s -> Math.max(s.from(), s.to())).max().orElse(0);
    }

    /** When stage {@code i} starts, in nanoseconds from the run's start. */
    public long stageStart(int i) {
        return startNanos[i];
    }

    /** The stage running {@code offset} nanoseconds after the start; the last one after the end. */
    public int stageAt(long offset) {
        for (int i = 0; i < stages.size(); i++) {
            if (offset < startNanos[i + 1]) {
                return i;
            }
        }
        return stages.size() - 1;
    }

    /** The curve's value at {@code offset}; 0 before the start and after the end. */
    public double valueAt(long offset) {
        if (offset < 0 || offset >= totalNanos()) {
            return 0;
        }
        int i = stageAt(offset);
        Stage s = stages.get(i);
        double f = (offset - startNanos[i]) / (double) s.nanos();
        return s.from() + (s.to() - s.from()) * f;
    }

    /** Connections that should be working at {@code offset} (connections mode). */
    public int connectionsAt(long offset) {
        return (int) Math.round(valueAt(offset));
    }

    /**
     * When request {@code n} is due, in nanoseconds from the start (rate mode); {@link Long#MAX_VALUE} when the
     * curve ends before it. Solves {@code a t + (b - a) t^2 / 2D = m} in the stage where the count reaches
     * {@code n}, in the form that stays exact when {@code a} is 0 or the ramp goes down.
     */
    public long timeOf(long n) {
        for (int i = 0; i < stages.size(); i++) {
            if (n < countBefore[i + 1]) {
                Stage s = stages.get(i);
                double m = n - countBefore[i];
                double d = s.nanos() / 1e9;
                double a = s.from();
                double k = (s.to() - a) / d;
                double root = Math.sqrt(Math.max(0, a * a + 2 * k * m));
                double t = a + root == 0 ? 0 : 2 * m / (a + root);
                return startNanos[i] + Math.min(s.nanos(), (long) (t * 1e9));
            }
        }
        return Long.MAX_VALUE;
    }
}
