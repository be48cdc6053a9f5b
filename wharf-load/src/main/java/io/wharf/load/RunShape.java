package io.wharf.load;

import java.util.Objects;

/**
 * What a staged run adds to a {@link LoadSpec}: the {@link LoadCurve} the load follows, a think time between a
 * reply and the next request (closed loop only), and connection churn (a new connection every
 * {@code churnEvery} requests; 0 keeps connections). Immutable.
 */
public record RunShape(LoadCurve curve, long thinkNanos, int churnEvery) {

    public RunShape {
        Objects.requireNonNull(curve, "curve");
        if (thinkNanos < 0 || churnEvery < 0) {
            throw new IllegalArgumentException("think time and churn must not be negative");
        }
        if (thinkNanos > 0 && curve.mode() == LoadCurve.Mode.RATE) {
            throw new IllegalArgumentException("think time applies to a closed loop (stages of connections)");
        }
    }
}
