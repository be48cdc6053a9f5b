package io.wharf.load.kv;

import io.wharf.load.ClientTls;
import java.time.Duration;

/**
 * One {@code wharf load kv} run.
 *
 * @param host        server address
 * @param port        server port
 * @param connections concurrent connections, each on its own virtual thread
 * @param duration    measured time (ignored when {@code requests} is set)
 * @param requests    measured commands in total; 0 for a timed run
 * @param warmup      unmeasured time first
 * @param keys        key space: keys are {@code key:0} to {@code key:<keys-1>}, picked uniformly
 * @param valueSize   bytes of each SET's value
 * @param getRatio    share of GETs, 0 to 1; the rest are SETs
 * @param pipeline    commands sent before reading their replies
 * @param rate        open loop: commands per second in total (0: closed loop)
 * @param timeout     connect and reply timeout
 * @param tls         TLS, or {@link ClientTls#off()}
 */
public record KvLoadSpec(String host, int port, int connections, Duration duration, long requests, Duration warmup,
                         int keys, int valueSize, double getRatio, int pipeline, double rate, Duration timeout,
                         ClientTls tls) {

    /** Over plain TCP. */
    public KvLoadSpec(String host, int port, int connections, Duration duration, long requests, Duration warmup,
                      int keys, int valueSize, double getRatio, int pipeline, double rate, Duration timeout) {
        this(host, port, connections, duration, requests, warmup, keys, valueSize, getRatio, pipeline, rate, timeout,
                ClientTls.off());
    }

    public KvLoadSpec {
        if (connections < 1) {
            throw new IllegalArgumentException("--connections must be at least 1, not " + connections);
        }
        if (keys < 1) {
            throw new IllegalArgumentException("--keys must be at least 1, not " + keys);
        }
        if (valueSize < 0) {
            throw new IllegalArgumentException("--size must not be negative");
        }
        if (!(getRatio >= 0 && getRatio <= 1)) {
            throw new IllegalArgumentException("--get-ratio must be between 0 and 1, not " + getRatio);
        }
        if (pipeline < 1 || pipeline > 10_000) {
            throw new IllegalArgumentException("--pipeline must be 1 to 10000, not " + pipeline);
        }
        java.util.Objects.requireNonNull(tls, "tls");
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must not be negative");
        }
    }

    public boolean openLoop() {
        return rate > 0;
    }
}
