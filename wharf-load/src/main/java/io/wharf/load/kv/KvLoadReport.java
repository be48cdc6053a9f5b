package io.wharf.load.kv;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * What a {@code wharf load kv} run measured: commands by kind, GET hits, failures, throughput and latency
 * percentiles (microseconds in the histogram, milliseconds in the text).
 *
 * <p>Threading: immutable once made (the histogram is not changed after).
 */
public record KvLoadReport(KvLoadSpec spec, long elapsedNanos, long sets, long gets, long hits, long failures,
                           Histogram latency, String firstError) {

    public long commands() {
        return sets + gets;
    }

    public double perSecond() {
        return elapsedNanos == 0 ? 0 : commands() * 1e9 / elapsedNanos;
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "kv load on %s:%d: %d connections, pipeline %d, %s, %d keys,"
                        + " %d-byte values, %.0f%% GET%n", spec.host(), spec.port(), spec.connections(),
                spec.pipeline(), spec.openLoop() ? String.format(Locale.ROOT, "open loop at %.0f/s", spec.rate())
                        : "closed loop", spec.keys(), spec.valueSize(), spec.getRatio() * 100));
        b.append(String.format(Locale.ROOT, "  commands  %d in %.2fs: %.0f/s (SET %d, GET %d, hits %.1f%%)%n",
                commands(), elapsedNanos / 1e9, perSecond(), sets, gets, gets == 0 ? 0 : 100.0 * hits / gets));
        b.append(String.format(Locale.ROOT, "  failures  %d%s%n", failures,
                firstError == null ? "" : " (first: " + firstError + ")"));
        if (latency.getTotalCount() > 0) {
            b.append(String.format(Locale.ROOT, "  latency   p50 %.3fms  p90 %.3fms  p99 %.3fms  p99.9 %.3fms"
                            + "  max %.3fms%n", ms(50), ms(90), ms(99), ms(99.9), latency.getMaxValue() / 1000.0));
        }
        return b.toString();
    }

    private double ms(double percentile) {
        return latency.getValueAtPercentile(percentile) / 1000.0;
    }
}
