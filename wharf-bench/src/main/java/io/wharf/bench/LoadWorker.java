package io.wharf.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * One load-client thread: a {@link Selector} driving its share of {@link PingPong} connections until a shared
 * deadline. Round trips that complete inside the measurement window are counted and their latency (send to last
 * reply byte, nanoseconds) recorded; those completing during warm-up are not. Wrong replies and lost connections
 * count as errors whenever they happen.
 *
 * <p>Threading: {@link #run()} runs on exactly one thread; the other accessors may be read only after that thread
 * has been joined. The select loop allocates nothing (the ready-key consumer is one object, reused).
 */
final class LoadWorker implements Runnable {

    /** The highest latency the histogram tracks; anything slower is clamped to it. */
    static final long MAX_TRACKED_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final List<PingPong> connections;
    private final long measureFrom;
    private final long measureUntil;
    private final Histogram latencies = new Histogram(MAX_TRACKED_NANOS, 3);
    private final Consumer<SelectionKey> onReady = this::onReady;
    private long roundTrips;
    private long mismatches;
    private int lost;
    private long cpuNanos;
    private IOException failure;

    LoadWorker(List<PingPong> connections, long measureFrom, long measureUntil) {
        this.connections = connections;
        this.measureFrom = measureFrom;
        this.measureUntil = measureUntil;
    }

    @Override
    public void run() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuAtStart = -1;
        try (Selector selector = Selector.open()) {
            long now = System.nanoTime();
            for (PingPong c : connections) {
                c.bind(c.channel().register(selector, 0, c));
                c.send(now);
            }
            while ((now = System.nanoTime()) < measureUntil) {
                if (cpuAtStart < 0 && now >= measureFrom) {
                    cpuAtStart = threads.getCurrentThreadCpuTime();
                }
                long wait = (now < measureFrom ? measureFrom : measureUntil) - now;
                selector.select(onReady, Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
            }
            cpuNanos = cpuAtStart < 0 ? 0 : threads.getCurrentThreadCpuTime() - cpuAtStart;
            // a connection never answered (e.g. waiting for a pool worker) is a failure, not a quiet absentee
            for (PingPong c : connections) {
                if (c.isOpen() && c.roundTripsStarted() <= 1) {
                    lost++;
                }
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            connections.forEach(PingPong::close);
        }
    }

    private void onReady(SelectionKey key) {
        PingPong c = (PingPong) key.attachment();
        try {
            if (key.isWritable()) {
                c.onWritable();
                return;
            }
            switch (c.onReadable()) {
                case PARTIAL -> { }
                case ECHOED -> completed(c, true);
                case MISMATCH -> completed(c, false);
                case CLOSED -> drop(key, c);
            }
        } catch (IOException e) {
            drop(key, c);
        }
    }

    private void completed(PingPong c, boolean intact) throws IOException {
        long now = System.nanoTime();
        if (!intact) {
            mismatches++; // an error whenever it happens, warm-up included
        } else if (now >= measureFrom && now < measureUntil) {
            roundTrips++;
            latencies.recordValue(Math.min(now - c.sentAt(), MAX_TRACKED_NANOS));
        }
        c.send(now);
    }

    private void drop(SelectionKey key, PingPong c) {
        key.cancel();
        c.close();
        lost++;
    }

    /** Latencies of the measured round trips, in nanoseconds. */
    Histogram latencies() {
        return latencies;
    }

    long roundTrips() {
        return roundTrips;
    }

    long mismatches() {
        return mismatches;
    }

    int lost() {
        return lost;
    }

    /** CPU time this thread used during the measurement window. */
    long cpuNanos() {
        return cpuNanos;
    }

    /** The error that stopped the whole worker (its selector failed), or null. */
    IOException failure() {
        return failure;
    }
}
