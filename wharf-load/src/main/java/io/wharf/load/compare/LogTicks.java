package io.wharf.load.compare;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the charts' logarithmic axes put their ticks, the same in the PNGs and the HTML: the clients axis at the
 * client counts that were measured (1, 10, 100, 1000, or 3, 30, 300), a latency axis at round values (1, 2 and 5
 * times a power of ten: 0.1, 0.2, 0.5, 1, 2, 5 ms), from the last one at or below the smallest value to the first
 * one at or above the largest, so the axis always carries at least two labelled ticks. Stateless.
 */
final class LogTicks {

    private static final int[] ROUND = {1, 2, 5};
    /** Past this many 1-2-5 ticks (five decades) only the powers of ten are labelled. */
    static final int MAX_ROUND_TICKS = 16;
    private static final double MIN_MILLIS = 0.001;

    private LogTicks() {
    }

    /** The measured client counts, in increasing order. */
    static List<Double> clients(CompareResult r) {
        return r.clients().stream().distinct().sorted().map(Integer::doubleValue).toList();
    }

    /** Round milliseconds bracketing the p99 of every cell the charts draw. */
    static List<Double> p99Millis(CompareResult r) {
        double[] ms = r.models().stream().flatMap(m -> m.cells().stream()).filter(LogTicks::plotted)
                .mapToDouble(LogTicks::p99Millis).toArray();
        return round(Arrays.stream(ms).min().orElse(1), Arrays.stream(ms).max().orElse(1));
    }

    /** A cell's p99 in milliseconds as the charts draw it: at least 1 µs, which a log axis can show. */
    static double p99Millis(CellResult c) {
        return Math.max(MIN_MILLIS, c.p99Micros() / 1000.0);
    }

    /** A cell is drawn when it served something and ran to its end. */
    static boolean plotted(CellResult c) {
        return c.successes() > 0 && c.problem().isEmpty();
    }

    /** Round values bracketing {@code [min, max]}; both must be positive. */
    static List<Double> round(double min, double max) {
        if (!(min > 0) || !(max >= min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("a log axis needs 0 < min <= max, not " + min + ", " + max);
        }
        int from = (int) Math.floor(Math.log10(min)) - 1;
        int to = (int) Math.ceil(Math.log10(max)) + 1;
        List<Double> candidates = new ArrayList<>();
        for (int decade = from; decade <= to; decade++) {
            for (int m : ROUND) {
                candidates.add(BigDecimal.valueOf(m).scaleByPowerOfTen(decade).doubleValue());
            }
        }
        int first = 0;
        while (candidates.get(first + 1) <= min) {
            first++;
        }
        int last = first;
        while (candidates.get(last) < max) {
            last++;
        }
        List<Double> ticks = candidates.subList(first, last + 1);
        if (ticks.size() <= MAX_ROUND_TICKS) {
            return List.copyOf(ticks);
        }
        List<Double> powers = new ArrayList<>();
        for (int i = 0; i < ticks.size(); i++) {
            boolean powerOfTen = (first + i) % ROUND.length == 0;
            if (powerOfTen || i == 0 || i == ticks.size() - 1) {
                powers.add(ticks.get(i)); // the powers of ten, and the two ends that bracket the data
            }
        }
        return List.copyOf(powers);
    }
}
