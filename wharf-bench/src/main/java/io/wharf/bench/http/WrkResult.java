package io.wharf.bench.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one wrk run reported. Latencies in microseconds (NaN when wrk ran without {@code --latency}); transfer in
 * bytes per second. {@code badStatus} counts what wrk calls "Non-2xx or 3xx responses".
 */
public record WrkResult(long requests, double seconds, double requestsPerSecond, double transferBytesPerSecond,
                        double p50Micros, double p75Micros, double p90Micros, double p99Micros,
                        SocketErrors socketErrors, long badStatus) {

    /** wrk's "Socket errors" line: all zero when wrk printed none. */
    public record SocketErrors(long connect, long read, long write, long timeout) {

        static final SocketErrors NONE = new SocketErrors(0, 0, 0, 0);

        long total() {
            return connect + read + write + timeout;
        }

        @Override
        public String toString() {
            return "connect " + connect + ", read " + read + ", write " + write + ", timeout " + timeout;
        }
    }

    /**
     * Why this run's numbers cannot stand for the server's speed, if so: socket errors, responses other than 2xx
     * or 3xx (a 404 is fast and worthless), or no request at all.
     */
    public Optional<String> problem() {
        List<String> problems = new ArrayList<>();
        if (requests == 0) {
            problems.add("no request completed");
        }
        if (badStatus > 0) {
            problems.add(badStatus + " non-2xx/3xx responses");
        }
        if (socketErrors.total() > 0) {
            problems.add("socket errors (" + socketErrors + ")");
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", problems));
    }

    public boolean flagged() {
        return problem().isPresent();
    }
}
