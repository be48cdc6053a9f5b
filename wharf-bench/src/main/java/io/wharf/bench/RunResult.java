package io.wharf.bench;

import java.time.Duration;

/**
 * One target's numbers from one round. Latencies in microseconds; CPU as a share of one core (1.0 = one core busy
 * for the whole measurement window), NaN where unknown.
 */
record RunResult(Target target, int round, double roundTripsPerSecond, double p50Micros, double p99Micros,
                 long errors, double serverCpuCores, double loadCpuCores) {

    static RunResult of(Target target, int round, LoadResult load, Duration serverCpu) {
        double serverCores = serverCpu == null ? Double.NaN : serverCpu.toNanos() / (double) load.measured().toNanos();
        return new RunResult(target, round, load.roundTripsPerSecond(), load.p50Micros(), load.p99Micros(),
                load.errors(), serverCores, load.clientCpuCores());
    }
}
