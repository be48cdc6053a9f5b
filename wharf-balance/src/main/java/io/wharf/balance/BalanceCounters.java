package io.wharf.balance;

import io.wharf.core.stats.ProtocolCounters;
import io.wharf.core.stats.ProtocolSeries;

import java.util.ArrayList;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A balancer listener's counters, published with its stats. {@link #export} holds the ones that only grow
 * (summable over prefork workers): per backend its total connections, failed connects and state transitions,
 * as {@code balance.backend.<name>.<counter>}; for the listener the clients closed because no backend could
 * take them ({@code balance.no_backend}) and connect retries ({@code balance.retries}). The gauges (state,
 * open connections, check latency) are read live from {@link #backends}. {@link #series} gives all of them,
 * labelled by backend, for {@code /metrics} and {@code /stats}.
 *
 * <p>Threading: safe from any thread.
 */
public final class BalanceCounters implements ProtocolCounters, ProtocolSeries {

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

    @Override
    public List<Series> series() {
        List<Series> out = new ArrayList<>();
        out.add(new Series("wharf_balance_no_backend", "Clients closed because no backend could take them.",
                Kind.COUNTER, Map.of(), noBackend.sum()));
        out.add(new Series("wharf_balance_retries", "Connects retried on another backend after one failed.",
                Kind.COUNTER, Map.of(), retries.sum()));
        for (Backend b : pool.everything()) {
            Map<String, String> l = Map.of("backend", b.name());
            out.add(new Series("wharf_balance_backend_up", "1 while the backend is up (health checks), else 0.",
                    Kind.GAUGE, l, b.state() == Backend.State.UP ? 1 : 0));
            out.add(new Series("wharf_balance_backend_draining",
                    "1 while a backend removed by a reload still has connections.", Kind.GAUGE, l, b.removed() ? 1 : 0));
            out.add(new Series("wharf_balance_backend_active", "Connections to the backend open (or opening) now.",
                    Kind.GAUGE, l, b.active()));
            out.add(new Series("wharf_balance_backend_weight", "The backend's weight now (lower during a slow start).",
                    Kind.GAUGE, l, b.weight()));
            out.add(new Series("wharf_balance_backend_connections", "Connections made to the backend for clients.",
                    Kind.COUNTER, l, b.total()));
            out.add(new Series("wharf_balance_backend_connect_failures", "Client connects to the backend that failed.",
                    Kind.COUNTER, l, b.connectFailures()));
            out.add(new Series("wharf_balance_backend_transitions", "Times the backend went down or came back up.",
                    Kind.COUNTER, l, b.transitions()));
            if (b.lastCheckMicros() >= 0) {
                out.add(new Series("wharf_balance_backend_check_seconds", "How long the last good health check took.",
                        Kind.GAUGE, l, b.lastCheckMicros() / 1e6));
            }
        }
        return out;
    }
}
