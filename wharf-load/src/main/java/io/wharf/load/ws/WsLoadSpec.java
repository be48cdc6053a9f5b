package io.wharf.load.ws;

import java.time.Duration;

/**
 * One {@code wharf load ws} run: {@code connections} WebSocket clients on {@code threads} selectors, each
 * sending {@code size}-byte text messages to an echo endpoint and timing each echo. Closed loop (each client
 * waits for its echo) unless {@code rate} is set: then {@code rate} messages/s in total on a fixed schedule, and
 * latency counts from when each message should have been sent (wrk2's fix for coordinated omission). Immutable.
 */
public record WsLoadSpec(String host, int port, String path, int connections, int threads, int size, double rate,
                         Duration warmup, Duration duration) {

    public WsLoadSpec {
        if (connections < 1 || threads < 1 || size < 1 || size > 1 << 20 || rate < 0) {
            throw new IllegalArgumentException("connections, threads and size (up to 1 MiB) must be at least 1, "
                    + "rate at least 0");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("--path must start with /, got '" + path + "'");
        }
        threads = Math.min(threads, connections);
    }
}
