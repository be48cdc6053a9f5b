package io.wharf.load.cli;

import io.wharf.load.Interval;
import io.wharf.load.LoadCurve;
import io.wharf.load.scenario.Verdicts;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The live line of {@code wharf load run} on stderr, redrawn in place each second: the stage (and which of how
 * many), its target, the last second's replies/s, p99 and errors, and the time left.
 *
 * <p>Threading: {@link #interval} is called on the generator's sampling thread, {@link #clear} on the command's
 * after the run; the writer is only touched under this object's lock.
 */
final class ScenarioLine implements Interval.Listener {

    private final PrintWriter err;
    private final LoadCurve curve;
    private boolean drawn;

    ScenarioLine(PrintWriter err, LoadCurve curve) {
        this.err = err;
        this.curve = curve;
    }

    @Override
    public synchronized void interval(Interval i) {
        LoadCurve.Stage s = curve.stages().get(i.stage());
        long left = Math.max(0, curve.totalNanos() / 1_000_000 - i.endMillis());
        String target = curve.mode() == LoadCurve.Mode.RATE ? String.format(Locale.ROOT, "target %,.0f/s", i.target())
                : String.format(Locale.ROOT, "%,d conns", Math.round(i.target()));
        String line = String.format(Locale.ROOT, "\r[%d/%d %s] %s  %,.0f req/s  p99 %s  errors %,d  open %,d  %d s left ",
                i.stage() + 1, curve.stages().size(), s.name(), target, i.rate(),
                Verdicts.micros(i.percentileMicros(99)), i.totalFailures(), i.open(), (left + 999) / 1000);
        err.print(line);
        err.flush();
        drawn = true;
    }

    synchronized void clear() {
        if (drawn) {
            err.print("\r" + " ".repeat(110) + "\r");
            err.flush();
        }
    }
}
