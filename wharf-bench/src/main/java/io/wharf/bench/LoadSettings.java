package io.wharf.bench;

import java.time.Duration;

/**
 * What one load run does: {@code connections} closed-loop ping-pong connections to {@code host:port}, each
 * sending {@code size} bytes and waiting for them back, spread over {@code threads} client threads; a warm-up
 * that is not recorded, then {@code duration} of measurement.
 */
record LoadSettings(String host, int port, int connections, int size, int threads, Duration warmup, Duration duration) {

    LoadSettings {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (connections < 1 || size < 1 || threads < 1) {
            throw new IllegalArgumentException("connections, size and threads must be positive");
        }
        if (warmup.isNegative() || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("warm-up must be >= 0 and duration > 0");
        }
    }

    /** More threads than connections would leave threads idle. */
    int effectiveThreads() {
        return Math.min(threads, connections);
    }
}
