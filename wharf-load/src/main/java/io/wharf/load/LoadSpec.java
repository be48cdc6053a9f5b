package io.wharf.load;

import java.time.Duration;

/**
 * One load run's parameters; immutable. {@code requests == 0} means "until duration"; {@code rate == 0} means
 * closed loop.
 *
 * <p>Stand-in for the load helper's type of the same name (the contract's signature); replaced at merge.
 */
public record LoadSpec(TargetKind target, String host, int port, int connections, int threads,
                       Duration duration, long requests, Duration warmup, int messageSize, double rate,
                       String httpPath, boolean keepAlive, Duration timeout) {

    public static LoadSpec of(TargetKind target, String host, int port) {
        return new LoadSpec(target, host, port, 50, 1, Duration.ofSeconds(10), 0, Duration.ofSeconds(1), 64, 0,
                "/", true, Duration.ofSeconds(5));
    }

    public LoadSpec withConnections(int c) {
        return new LoadSpec(target, host, port, c, threads, duration, requests, warmup, messageSize, rate,
                httpPath, keepAlive, timeout);
    }

    public LoadSpec withThreads(int t) {
        return new LoadSpec(target, host, port, connections, t, duration, requests, warmup, messageSize, rate,
                httpPath, keepAlive, timeout);
    }

    public LoadSpec withDuration(Duration d) {
        return new LoadSpec(target, host, port, connections, threads, d, requests, warmup, messageSize, rate,
                httpPath, keepAlive, timeout);
    }

    public LoadSpec withRequests(long n) {
        return new LoadSpec(target, host, port, connections, threads, duration, n, warmup, messageSize, rate,
                httpPath, keepAlive, timeout);
    }

    public LoadSpec withWarmup(Duration w) {
        return new LoadSpec(target, host, port, connections, threads, duration, requests, w, messageSize, rate,
                httpPath, keepAlive, timeout);
    }

    public LoadSpec withMessageSize(int n) {
        return new LoadSpec(target, host, port, connections, threads, duration, requests, warmup, n, rate,
                httpPath, keepAlive, timeout);
    }

    public LoadSpec withRate(double r) {
        return new LoadSpec(target, host, port, connections, threads, duration, requests, warmup, messageSize, r,
                httpPath, keepAlive, timeout);
    }

    public LoadSpec withHttpPath(String p) {
        return new LoadSpec(target, host, port, connections, threads, duration, requests, warmup, messageSize,
                rate, p, keepAlive, timeout);
    }

    public LoadSpec withKeepAlive(boolean k) {
        return new LoadSpec(target, host, port, connections, threads, duration, requests, warmup, messageSize,
                rate, httpPath, k, timeout);
    }

    public LoadSpec withTimeout(Duration t) {
        return new LoadSpec(target, host, port, connections, threads, duration, requests, warmup, messageSize,
                rate, httpPath, keepAlive, t);
    }
}
