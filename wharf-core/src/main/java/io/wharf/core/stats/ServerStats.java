package io.wharf.core.stats;

import io.wharf.core.spi.CloseReason;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Live counters of one server. Threading: every method is safe from any thread; counters are
 * {@link LongAdder}s so the hot paths of many threads do not contend.
 */
public final class ServerStats {

    private final Instant started = Instant.now();
    private final long startedNanos = System.nanoTime();
    private final LongAdder totalConnections = new LongAdder();
    private final AtomicLong activeConnections = new AtomicLong();
    private final LongAdder refusedConnections = new LongAdder();
    /** By {@link CloseReason#ordinal}: connections closed, and clients refused, for each reason. */
    private final LongAdder[] closedBy = new LongAdder[CloseReason.values().length];
    private final AtomicLong lingering = new AtomicLong();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong unwritable = new AtomicLong();
    private final AtomicLong peakOutbox = new AtomicLong();
    private volatile String model = "";
    private volatile Supplier<Map<String, Long>> modelGauges = Map::of;
    private volatile Supplier<Optional<ClusterStats>> cluster = Optional::empty;
    private final ConcurrentMap<Class<?>, Object> published = new ConcurrentHashMap<>();

    public void connectionOpened() {
        totalConnections.increment();
        activeConnections.incrementAndGet();
    }

    public void connectionClosed() {
        activeConnections.decrementAndGet();
    }

    {
        for (int i = 0; i < closedBy.length; i++) {
            closedBy[i] = new LongAdder();
        }
    }

    public void connectionRefused() {
        refusedConnections.increment();
    }

    /** A connection ended, or a client was refused, for {@code reason}. */
    public void closed(CloseReason reason) {
        closedBy[reason.ordinal()].increment();
    }

    /** Connections closed and clients refused, by {@link CloseReason#key}, every reason listed (0 included). */
    public Map<String, Long> closedByReason() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (CloseReason r : CloseReason.values()) {
            out.put(r.key(), closedBy[r.ordinal()].sum());
        }
        return out;
    }

    /** A lingering close began ({@code true}) or ended. */
    public void lingering(boolean started) {
        lingering.addAndGet(started ? 1 : -1);
    }

    /** Closes lingering now: output shut down, input being read and dropped. */
    public long lingeringConnections() {
        return lingering.get();
    }

    public void bytesIn(long n) {
        bytesIn.add(n);
    }

    public void bytesOut(long n) {
        bytesOut.add(n);
    }

    public void error() {
        errors.increment();
    }

    /** A connection became unwritable ({@code false}) or writable again ({@code true}). */
    public void writabilityChanged(boolean writable) {
        unwritable.addAndGet(writable ? -1 : 1);
    }

    /** Connections now unwritable: reading held back because their queued output passed the high watermark. */
    public long unwritableConnections() {
        return unwritable.get();
    }

    /** A connection now holds {@code bytes} of queued output; called only when output had to be queued. */
    public void outboxQueued(long bytes) {
        if (bytes > peakOutbox.get()) {
            peakOutbox.accumulateAndGet(bytes, Math::max);
        }
    }

    /** The most queued output (file regions excluded) any one connection has held since the server started. */
    public long peakOutboxBytes() {
        return peakOutbox.get();
    }

    public long activeConnections() {
        return activeConnections.get();
    }

    /** Wires in the running model's gauges (queue depth, threads alive, loop iterations). */
    public void model(String id, Supplier<Map<String, Long>> gauges) {
        this.model = id;
        this.modelGauges = gauges;
    }

    /**
     * Where this listener's numbers across every process serving it come from, so a protocol can report the whole
     * server's, whichever process answers: under prefork the master relays them to each worker; under
     * {@code process} the accepting process sums its children's protocol counters, and hands each child the sum
     * with its connection. Unset, {@link #cluster()} is empty.
     */
    public void cluster(Supplier<Optional<ClusterStats>> source) {
        this.cluster = source;
    }

    /**
     * This listener across every prefork worker or {@code process} child; empty under the in-process models (and
     * under prefork before the first relay).
     */
    public Optional<ClusterStats> cluster() {
        return cluster.get();
    }

    /** Each worker process's latest stats, by worker name; empty outside the prefork model. */
    public Map<String, StatsSnapshot> workers() {
        return cluster().map(ClusterStats::workers).orElse(Map.of());
    }

    /**
     * Publishes a protocol's own live counters (HTTP's requests by status) next to these, so the admin
     * endpoints of the whole process, which see a listener only through its {@code ServerStats}, can report
     * them too. One value per type; a later one replaces it.
     */
    public <T> void publish(Class<T> type, T counters) {
        published.put(type, type.cast(counters));
    }

    /** What a protocol published under {@code type}; empty for a listener whose protocol has none. */
    public <T> Optional<T> published(Class<T> type) {
        return Optional.ofNullable(published.get(type)).map(type::cast);
    }

    /**
     * The exports of every published {@link ProtocolCounters}, merged: what a prefork worker reports, and what a
     * {@code process} child's connection added to them.
     */
    public Map<String, Long> protocolCounters() {
        Map<String, Long> out = new java.util.TreeMap<>();
        published.values().forEach(p -> {
            if (p instanceof ProtocolCounters c) {
                out.putAll(c.export());
            }
        });
        return out;
    }

    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    public StatsSnapshot snapshot() {
        return new StatsSnapshot(model, started, uptime().toSeconds(), totalConnections.sum(),
                activeConnections.get(), refusedConnections.sum(), bytesIn.sum(), bytesOut.sum(), errors.sum(),
                Map.copyOf(modelGauges.get()));
    }
}
