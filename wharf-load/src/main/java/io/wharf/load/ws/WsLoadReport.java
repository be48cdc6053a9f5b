package io.wharf.load.ws;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * What a {@code wharf load ws} run measured: round trips in the measured window, their latency in microseconds,
 * and what failed (connects, handshakes, sockets closed under load), with a few examples; {@code allRoundTrips}
 * counts the warm-up's too, for work per round trip over a server's whole run. Immutable once built.
 */
public record WsLoadReport(WsLoadSpec spec, int opened, long roundTrips, long allRoundTrips, double seconds,
                           Histogram latencyMicros, long failures, List<String> failureExamples) {

    public double roundTripsPerSecond() {
        return seconds <= 0 ? 0 : roundTrips / seconds;
    }

    public boolean clean() {
        return failures == 0 && roundTrips > 0 && opened == spec.connections();
    }
}
