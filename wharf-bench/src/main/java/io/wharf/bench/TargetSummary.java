package io.wharf.bench;

import java.util.List;
import java.util.Optional;

/**
 * A target's rounds reduced to medians. {@code note} says why there are no (or not all) numbers: the target
 * cannot hold the load, or its server failed.
 */
record TargetSummary(Target target, List<RunResult> runs, Optional<String> note) {

    TargetSummary {
        runs = List.copyOf(runs);
    }

    boolean measured() {
        return !runs.isEmpty();
    }

    double roundTripsPerSecond() {
        return Medians.median(runs, RunResult::roundTripsPerSecond);
    }

    double p50Micros() {
        return Medians.median(runs, RunResult::p50Micros);
    }

    double p99Micros() {
        return Medians.median(runs, RunResult::p99Micros);
    }

    double serverCpuCores() {
        return Medians.median(runs, RunResult::serverCpuCores);
    }

    double loadCpuCores() {
        return Medians.median(runs, RunResult::loadCpuCores);
    }

    /** Errors summed over all rounds: one wrong byte anywhere matters. */
    long errors() {
        return runs.stream().mapToLong(RunResult::errors).sum();
    }
}
