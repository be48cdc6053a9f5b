package io.wharf.bench;

import io.wharf.load.LoadReport;
import java.time.Duration;

/**
 * One target's numbers from one round. Latencies in microseconds; CPU as a share of one core (1.0 = one core busy
 * for the whole measurement window), NaN where unknown.
 */
record RunResult(Target target, int round, double roundTripsPerSecond, double p50Micros, double p99Micros,
                 long errors, double serverCpuCores, double loadCpuCores) {

    /** {@code serverCpu} and {@code loadCpu} are CPU used over the measurement window, null where unknown. */
    static RunResult of(Target target, int round, LoadReport load, Duration serverCpu, Duration loadCpu) {
        double window = load.elapsed().toNanos();
        return new RunResult(target, round, load.requestsPerSecond(), micros(load, 50), micros(load, 99),
                load.totalFailures(), cores(serverCpu, window), cores(loadCpu, window));
    }

    private static double micros(LoadReport load, double percentile) {
        return load.successes() == 0 ? Double.NaN : load.latencyPercentileMicros(percentile);
    }

    private static double cores(Duration cpu, double windowNanos) {
        return cpu == null ? Double.NaN : cpu.toNanos() / windowNanos;
    }
}
