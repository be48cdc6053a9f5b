package io.wharf.balance;

import io.wharf.core.stats.ProtocolCounters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A balancer listener's counters, published with its stats. {@link #export} holds the ones that only grow
 * (summable over prefork workers): per backend its total connections, failed connects and state transitions,
 * as {@code balance.backend.<name>.<counter>}; for the listener the clients closed because no backend could
 * take them ({@code balance.no_backend}) and connect retries ({@code balance.retries}). The gauges (state,
 * open connections, check latency) are read live from {@link #backends}.
 *
 * <p>Threading: safe from any thread.
 */
public final class BalanceCounters implements ProtocolCounters {

    private final BackendPool pool;
    private final LongAdder noBackend = new LongAdder();
    private final LongAdder retries = new LongAdder();

    BalanceCounters(BackendPool pool) {
        this.pool = pool;
    }

    void noBackend() {
        noBackend.increment();
    }

    void retried() {
        retries.increment();
    }

    public long noBackendCount() {
        return noBackend.sum();
    }

    public long retryCount() {
        return retries.sum();
    }

    /** The backends now, then the removed ones still draining. */
    public List<Backend> backends() {
        return pool.everything();
    }

    @Override
    public Map<String, Long> export() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("balance.no_backend", noBackend.sum());
        out.put("balance.retries", retries.sum());
        for (Backend b : pool.everything()) {
            String p = "balance.backend." + b.name() + ".";
            out.put(p + "total", b.total());
            out.put(p + "connect_failures", b.connectFailures());
            out.put(p + "transitions", b.transitions());
        }
        return out;
    }
}
