package io.wharf.load.scenario.bottleneck;

import java.util.List;
import java.util.Map;

/**
 * What was sampled at the end of one interval of a run: the load then ({@code rate} replies/s, the stage), the
 * server's threads (busiest first, at most {@link SystemWatch#TOP}), its CPU in cores, memory, descriptors and
 * thread count (all -1 without a server pid), the generator's load threads and CPU, the kernel's TCP counters'
 * growth over the interval, the listener's accept queue (-1: not visible), and the server's GC pauses in the
 * interval from its {@code -Xlog:gc} file (-1: no log). Immutable.
 */
public record SystemSample(long endMillis, long epochMillis, int stage, double rate, double target,
                           List<ThreadLoad> serverThreads, double serverCpu, long serverRss, int serverFds,
                           int serverThreadCount, List<ThreadLoad> generatorThreads, double generatorCpu,
                           Map<String, Long> tcp, long acceptQueued, long acceptBacklog, int gcPauses,
                           double gcPauseMillis) {

    public SystemSample {
        serverThreads = List.copyOf(serverThreads);
        generatorThreads = List.copyOf(generatorThreads);
        tcp = Map.copyOf(tcp);
    }

    public boolean hasServer() {
        return serverRss >= 0;
    }

    public long tcp(String counter) {
        return tcp.getOrDefault(counter, 0L);
    }
}
