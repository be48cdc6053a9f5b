package io.wharf.load.compare;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * The progress bar over the whole matrix on stderr: cells done of total, the cell running, its live
 * requests/s, and the time left. On a terminal it redraws one line; otherwise it prints a line per cell.
 *
 * <p>Threading: {@link #rate} is called from the load generator's timer thread, the rest from the thread
 * running the comparison; drawing is synchronized.
 */
public final class MatrixProgress {

    private static final int WIDTH = 24;

    private final PrintWriter out;
    private final boolean live;
    private final int total;
    private final Duration estimatePerCell;
    private final long startNanos = System.nanoTime();
    private int done;
    private long cellStartNanos = System.nanoTime();
    private String cell = "starting";
    private double rps;

    public MatrixProgress(PrintWriter out, boolean live, int totalCells, Duration estimatePerCell) {
        this.out = out;
        this.live = live;
        this.total = totalCells;
        this.estimatePerCell = estimatePerCell;
    }

    public synchronized void startCell(String model, int clients) {
        cell = model + " @ " + Units.clients(clients);
        cellStartNanos = System.nanoTime();
        rps = 0;
        draw();
    }

    public synchronized void rate(double currentRps) {
        rps = currentRps;
        draw();
    }

    public synchronized void finishCell(CellResult result) {
        done++;
        String outcome = result.clean() ? Units.rate(result.requestsPerSecond()) + " req/s"
                : result.failureSummary();
        if (live) {
            draw();
        } else {
            out.printf("compare: %d/%d %s: %s, %s left%n", done, total, cell, outcome, Units.clock(left()));
            out.flush();
        }
    }

    /** A line of its own (a server that would not start), above the bar. */
    public synchronized void note(String line) {
        out.print(live ? "\r\033[K" + line + "\n" : "compare: " + line + "\n");
        out.flush();
        draw();
    }

    public synchronized void finish() {
        if (live) {
            out.print("\r\033[K");
        }
        out.printf("compare: %d cells in %s%n", done, Units.clock(Duration.ofNanos(System.nanoTime() - startNanos)));
        out.flush();
    }

    /** Cells still to run times the average so far (the estimate until one is done), less the running one's age. */
    Duration left() {
        long elapsed = System.nanoTime() - startNanos;
        long perCell = done == 0 ? estimatePerCell.toNanos() : elapsed / done;
        long inCell = done < total ? Math.min(perCell, System.nanoTime() - cellStartNanos) : 0;
        return Duration.ofNanos(Math.max(0, (total - done) * perCell - inCell));
    }

    String bar() {
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + total + " cells  " + cell
                + (rps > 0 ? "  " + Units.rate(rps) + " req/s" : "") + "  " + Units.clock(left()) + " left";
    }

    private void draw() {
        if (live) {
            out.print("\r\033[K" + bar());
            out.flush();
        }
    }
}
