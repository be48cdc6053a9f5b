package io.wharf.load.compare;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.load.FailureKind;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One model at one client count: what the load generator measured and what the server looked like meanwhile
 * (peaks of its resident memory, threads and descriptors; its CPU use as a percentage of one core).
 * {@code problem} is empty when the cell ran, else why it did not ("server exited", "stalled", ...).
 * Latencies in microseconds; immutable.
 */
public record CellResult(String model, int clients, double requestsPerSecond, long successes,
                         Map<FailureKind, Long> failures, long p50Micros, long p90Micros, long p99Micros,
                         long p999Micros, long maxMicros, ProcSample serverPeak, double cpuPercent,
                         String problem) {

    public CellResult {
        failures = Map.copyOf(failures);
    }

    public static CellResult failed(String model, int clients, String problem) {
        return new CellResult(model, clients, 0, 0, Map.of(), 0, 0, 0, 0, 0, ProcSample.NONE, 0, problem);
    }

    @JsonProperty
    public long totalFailures() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every client served, nothing refused, timed out or answered wrongly. */
    @JsonProperty
    public boolean clean() {
        return problem.isEmpty() && successes > 0 && totalFailures() == 0;
    }

    /** The failures as the tables show them, most frequent first, e.g. {@code timeout×9, refused×3}. */
    public String failureSummary() {
        if (!problem.isEmpty()) {
            return problem;
        }
        return failures.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<FailureKind, Long>comparingByValue().reversed())
                .map(e -> e.getKey().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "×" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
