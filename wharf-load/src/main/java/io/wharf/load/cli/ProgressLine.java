package io.wharf.load.cli;

import io.wharf.load.LoadProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The live progress line on stderr: a bar over the run's time (or a count), requests/s over the last quarter
 * second, successes and failures (counted once measuring starts; "warming up" until then); redrawn in place with
 * a carriage return and cleared at the end.
 *
 * <p>Threading: {@link #update} is called by the generator's timer thread, {@link #clear} by the command's
 * thread after the run; the writer is only touched under this object's lock.
 */
final class ProgressLine implements LoadProgress {

    private static final int WIDTH = 24;

    private final PrintWriter err;
    private boolean drawn;
    /** Set by the run's thread when the warm-up ends; read by the timer's. */
    private volatile boolean measuring;

    ProgressLine(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void update(long elapsedMillis, long totalMillis, long successes, long failures,
                                    double currentRps) {
        StringBuilder line = new StringBuilder("\r");
        if (totalMillis > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * elapsedMillis / totalMillis);
            line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
            line.append(String.format(Locale.ROOT, "%4.1f/%.1f s", elapsedMillis / 1000.0, totalMillis / 1000.0));
        } else {
            line.append(String.format(Locale.ROOT, "%.1f s", elapsedMillis / 1000.0));
        }
        line.append(measuring ? "" : "  warming up");
        line.append(String.format(Locale.ROOT, "  %,10.0f req/s  ok %,d  failed %,d ", currentRps, successes,
                failures));
        err.print(line);
        err.flush();
        drawn = true;
    }

    @Override
    public void measuring() {
        measuring = true;
    }

    synchronized void clear() {
        if (drawn) {
            err.print("\r" + " ".repeat(100) + "\r");
            err.flush();
        }
    }

    /** Is stderr a terminal? Linux: fd 2 points at a tty or pts device. */
    static boolean stderrIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
