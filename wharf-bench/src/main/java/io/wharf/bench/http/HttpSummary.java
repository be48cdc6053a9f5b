package io.wharf.bench.http;

import io.wharf.bench.Medians;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A target's rounds on one file reduced to medians. Only clean runs count: a flagged run (socket errors,
 * non-2xx/3xx responses) is kept for the CSV and named in the note, never averaged in. {@code failures} are the
 * runs that produced no numbers at all (the server did not start, wrk failed), one line each.
 */
record HttpSummary(HttpTarget target, BenchFile file, List<HttpRun> runs, List<String> failures) {

    HttpSummary {
        runs = List.copyOf(runs);
        failures = List.copyOf(failures);
    }

    List<HttpRun> cleanRuns() {
        return runs.stream().filter(r -> !r.wrk().flagged()).toList();
    }

    long flaggedRuns() {
        return runs.stream().filter(r -> r.wrk().flagged()).count();
    }

    /** Whether there is at least one clean run to report. */
    boolean measured() {
        return !cleanRuns().isEmpty();
    }

    double requestsPerSecond() {
        return median(r -> r.wrk().requestsPerSecond());
    }

    double transferBytesPerSecond() {
        return median(r -> r.wrk().transferBytesPerSecond());
    }

    double p50Micros() {
        return median(r -> r.wrk().p50Micros());
    }

    double p99Micros() {
        return median(r -> r.wrk().p99Micros());
    }

    double serverCpuCores() {
        return median(HttpRun::serverCpuCores);
    }

    /** What the medians leave out: failed and flagged runs, with the first reason of each kind; empty if none. */
    String note() {
        StringBuilder note = new StringBuilder();
        if (!failures.isEmpty()) {
            note.append(failures.size()).append(" run(s) failed: ").append(failures.get(0));
        }
        runs.stream().filter(r -> r.wrk().flagged()).findFirst().ifPresent(first -> {
            if (!note.isEmpty()) {
                note.append("; ");
            }
            note.append(flaggedRuns()).append(" run(s) flagged and left out: ").append(first.wrk().problem().orElseThrow());
        });
        return note.toString();
    }

    private double median(ToDoubleFunction<HttpRun> value) {
        return Medians.median(cleanRuns(), value);
    }
}
