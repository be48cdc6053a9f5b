package io.wharf.load.scenario;

import io.wharf.load.LoadCurve;
import io.wharf.load.LoadTarget;
import java.time.Duration;
import java.util.List;

/**
 * A scenario file, read and checked ({@link ScenarioReader}): where to send, the stages the load follows, the mix
 * of requests (already a {@link LoadTarget}), think time, churn, and the thresholds that decide the exit code.
 * {@code connections} is how many connections the run opens at most (a curve of connections: its peak; a curve of
 * rates: the pool that carries it). Immutable.
 */
public record Scenario(String file, String name, String protocol, String host, int port, boolean keepAlive,
                       int threads, int connections, Duration timeout, Duration think, int churn,
                       LoadCurve curve, LoadTarget target, List<String> requests, List<Threshold> thresholds) {

    public Scenario {
        requests = List.copyOf(requests);
        thresholds = List.copyOf(thresholds);
    }

    /** One line saying what runs: {@code http 127.0.0.1:8080, 4 stages over 45 s, rate up to 15,000/s, ...}. */
    public String summary() {
        String load = curve.mode() == LoadCurve.Mode.RATE
                ? String.format(java.util.Locale.ROOT, "rate up to %,.0f/s over %,d connections", curve.peak(),
                        connections)
                : String.format(java.util.Locale.ROOT, "up to %,d connections, closed loop", connections);
        return name + ": " + protocol + " " + host + ":" + port + ", " + curve.stages().size() + " stage"
                + (curve.stages().size() == 1 ? "" : "s") + " over " + curve.totalNanos() / 1_000_000_000.0 + " s, "
                + load + ", " + threads + " thread" + (threads == 1 ? "" : "s")
                + (think.isZero() ? "" : ", think " + think.toMillis() + " ms")
                + (churn == 0 ? "" : ", new connection every " + churn + " requests");
    }
}
