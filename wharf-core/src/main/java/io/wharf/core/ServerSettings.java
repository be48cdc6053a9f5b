package io.wharf.core;

import java.time.Duration;

/**
 * Everything a server needs to start, resolved from defaults, {@code server.conf} and flags. Immutable.
 *
 * @param bindAddress    host name or literal; {@code 0.0.0.0} or {@code ::} for all interfaces
 * @param port           1-65535, or 0 for an ephemeral port (tests)
 * @param backlog        accept queue length; 0 = the OS maximum (somaxconn)
 * @param threadPoolSize workers of the {@code pool} model
 * @param queueSize      accepted connections waiting for a {@code pool} worker
 * @param enqueueTimeout how long the {@code pool} acceptor waits for queue space before "server busy"
 * @param eventLoops     event loops of the {@code reactor} model
 * @param workerThreads  the {@code reactor} model's worker pool, for work handlers offload
 * @param drainTimeout   how long a graceful shutdown waits for open connections
 */
public record ServerSettings(String bindAddress, int port, int backlog, Model model, int threadPoolSize,
                             int queueSize, Duration enqueueTimeout, int eventLoops, int workerThreads,
                             SocketOptions socketOptions, Duration drainTimeout, Limits limits) {

    public static ServerSettings defaults(int port, Model model) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ServerSettings("0.0.0.0", port, 0, model, 20, 1000, Duration.ofSeconds(5), cores,
                Math.max(2, cores), SocketOptions.DEFAULTS, Duration.ofSeconds(30), Limits.DEFAULTS);
    }

    public ServerSettings withModel(Model m) {
        return new ServerSettings(bindAddress, port, backlog, m, threadPoolSize, queueSize, enqueueTimeout,
                eventLoops, workerThreads, socketOptions, drainTimeout, limits);
    }

    public ServerSettings withPort(int p) {
        return new ServerSettings(bindAddress, p, backlog, model, threadPoolSize, queueSize, enqueueTimeout,
                eventLoops, workerThreads, socketOptions, drainTimeout, limits);
    }

    public ServerSettings withBindAddress(String address) {
        return new ServerSettings(address, port, backlog, model, threadPoolSize, queueSize, enqueueTimeout,
                eventLoops, workerThreads, socketOptions, drainTimeout, limits);
    }

    public ServerSettings withLimits(Limits l) {
        return new ServerSettings(bindAddress, port, backlog, model, threadPoolSize, queueSize, enqueueTimeout,
                eventLoops, workerThreads, socketOptions, drainTimeout, l);
    }

    public ServerSettings withPool(int threads, int queue, Duration timeout) {
        return new ServerSettings(bindAddress, port, backlog, model, threads, queue, timeout,
                eventLoops, workerThreads, socketOptions, drainTimeout, limits);
    }

    public ServerSettings withDrainTimeout(Duration d) {
        return new ServerSettings(bindAddress, port, backlog, model, threadPoolSize, queueSize, enqueueTimeout,
                eventLoops, workerThreads, socketOptions, d, limits);
    }
}
