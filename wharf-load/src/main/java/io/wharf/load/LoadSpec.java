package io.wharf.load;

import java.time.Duration;
import java.util.Objects;

/**
 * One load run's parameters; immutable. requests == 0 means "until duration"; rate == 0 means closed loop.
 * {@code rate} is the total request rate over all connections, per second. {@code messageSize} is the echo
 * message size in bytes (the newline included for ECHO_LINE); HTTP ignores it. {@code tls} is how the connections
 * speak TLS ({@link ClientTls#off()} for plain TCP).
 */
public record LoadSpec(TargetKind target, String host, int port, int connections, int threads,
                       Duration duration, long requests, Duration warmup,
                       int messageSize, double rate, String httpPath, boolean keepAlive,
                       Duration timeout, ClientTls tls) {

    /** Over plain TCP. */
    public LoadSpec(TargetKind target, String host, int port, int connections, int threads, Duration duration,
                    long requests, Duration warmup, int messageSize, double rate, String httpPath, boolean keepAlive,
                    Duration timeout) {
        this(target, host, port, connections, threads, duration, requests, warmup, messageSize, rate, httpPath,
                keepAlive, timeout, ClientTls.off());
    }

    public LoadSpec {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(httpPath, "httpPath");
        Objects.requireNonNull(timeout, "timeout");
        check(port >= 1 && port <= 65_535, "port must be 1-65535, not " + port);
        check(connections >= 1, "connections must be at least 1, not " + connections);
        check(threads >= 1, "threads must be at least 1, not " + threads);
        check(requests >= 0, "requests must not be negative");
        check(requests > 0 || (!duration.isNegative() && !duration.isZero()), "duration must be positive");
        check(!warmup.isNegative(), "warm-up must not be negative");
        check(messageSize >= (target == TargetKind.ECHO_LINE ? 2 : 1), "message size too small: " + messageSize);
        check(rate >= 0 && Double.isFinite(rate), "rate must be a positive number of requests per second");
        check(httpPath.startsWith("/") && httpPath.chars().noneMatch(c -> c <= ' ' || c >= 0x7f),
                "HTTP path must start with / and hold no spaces or control characters: " + httpPath);
        check(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
    }

    public static LoadSpec of(TargetKind target, String host, int port) {
        return new LoadSpec(target, host, port, 50, 1, Duration.ofSeconds(10), 0, Duration.ofSeconds(1), 64, 0,
                "/", true, Duration.ofSeconds(5));
    }

    public LoadSpec withTarget(TargetKind t) {
        return new LoadSpec(t, host, port, connections, threads, duration, requests, warmup, messageSize, rate,
                httpPath, keepAlive, timeout, tls);
    }

    public LoadSpec withHost(String h) {
        return new LoadSpec(target, h, port, connections, threads, duration, requests, warmup, messageSize, rate,
                httpPath, keepAlive, timeout, tls);
    }

    public LoadSpec withPort(int p) {
        return new LoadSpec(target, host, p, connections, threads, duration, requests, warmup, messageSize, rate,
                httpPath, keepAlive, timeout, tls);
    }

    public LoadSpec withConnections(int c) {
        return new LoadSpec(target, host, port, c, threads, duration, requests, warmup, messageSize, rate,
                httpPath, keepAlive, timeout, tls);
    }

    public LoadSpec withThreads(int t) {
        return new LoadSpec(target, host, port, connections, t, duration, requests, warmup, messageSize, rate,
                httpPath, keepAlive, timeout, tls);
    }

    public LoadSpec withDuration(Duration d) {
        return new LoadSpec(target, host, port, connections, threads, d, requests, warmup, messageSize, rate,
                httpPath, keepAlive, timeout, tls);
    }

    public LoadSpec withRequests(long n) {
        return new LoadSpec(target, host, port, connections, threads, duration, n, warmup, messageSize, rate,
                httpPath, keepAlive, timeout, tls);
    }

    public LoadSpec withWarmup(Duration w) {
        return new LoadSpec(target, host, port, connections, threads, duration, requests, w, messageSize, rate,
                httpPath, keepAlive, timeout, tls);
    }

    public LoadSpec withMessageSize(int n) {
        return new LoadSpec(target, host, port, connections, threads, duration, requests, warmup, n, rate,
                httpPath, keepAlive, timeout, tls);
    }

    public LoadSpec withRate(double r) {
        return new LoadSpec(target, host, port, connections, threads, duration, requests, warmup, messageSize, r,
                httpPath, keepAlive, timeout, tls);
    }

    public LoadSpec withHttpPath(String p) {
        return new LoadSpec(target, host, port, connections, threads, duration, requests, warmup, messageSize, rate,
                p, keepAlive, timeout, tls);
    }

    public LoadSpec withKeepAlive(boolean k) {
        return new LoadSpec(target, host, port, connections, threads, duration, requests, warmup, messageSize, rate,
                httpPath, k, timeout, tls);
    }

    public LoadSpec withTimeout(Duration t) {
        return new LoadSpec(target, host, port, connections, threads, duration, requests, warmup, messageSize, rate,
                httpPath, keepAlive, t, tls);
    }

    public LoadSpec withTls(ClientTls t) {
        return new LoadSpec(target, host, port, connections, threads, duration, requests, warmup, messageSize, rate,
                httpPath, keepAlive, timeout, t);
    }

    /** True for an open-loop run at a constant rate. */
    public boolean openLoop() {
        return rate > 0;
    }

    /** More threads than connections would leave threads idle. */
    public int effectiveThreads() {
        return Math.min(threads, connections);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
