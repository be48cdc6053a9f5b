package io.wharf.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.ToDoubleFunction;

/** Medians over benchmark rounds: robust to the one round a background hiccup spoiled. */
public final class Medians {

    private Medians() {
    }

    /** The median of the values (mean of the middle two for an even count); NaN for none or if any is NaN. */
    public static double median(double... values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted); // NaN sorts last
        if (Double.isNaN(sorted[sorted.length - 1])) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static <T> double median(Collection<T> items, ToDoubleFunction<T> value) {
        return median(items.stream().mapToDouble(value).toArray());
    }
}
