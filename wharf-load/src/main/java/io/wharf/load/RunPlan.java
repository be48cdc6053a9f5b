package io.wharf.load;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared timetable of one run: when it started, the measurement window, the open-loop schedule, and (for a
 * request-count run) the tickets. Times are {@link System#nanoTime()} values.
 *
 * <p>Open loop: connection {@code g} of {@code C} sends its {@code k}-th request at
 * {@code start + (g + k * C) / rate} seconds, so the total rate is constant and the connections take turns
 * evenly. A request whose time has passed while its connection was busy waits for it, and its latency is
 * measured from that intended time (wrk2's correction for coordinated omission; applied here once, at the
 * source, and never again on the histogram).
 *
 * <p>A staged run ({@link RunShape}) follows a {@link LoadCurve} instead: under a rate, request {@code g + k * C}
 * is due when the curve's integral reaches it; under connections, connection {@code i} works only while the
 * curve holds more than {@code i}.
 *
 * <p>Threading: immutable but for the ticket counter, which is atomic; shared by all load threads.
 */
final class RunPlan {

    /** What {@link #take} grants. */
    static final int STOP = 0;
    static final int UNCOUNTED = 1;
    static final int COUNTED = 2;

    final LoadSpec spec;
    final InetSocketAddress address;
    final SourceAddresses sources;
    final long start;
    final long measureFrom;
    /** End of the window; {@link Long#MAX_VALUE} for a run bounded by a request count. */
    final long measureUntil;
    final long timeoutNanos;
    /** Null for a run at one constant load. */
    final LoadCurve curve;
    final long thinkNanos;
    final int churnEvery;
    /** Tallies keep per-interval histograms too (a staged run's time series). */
    final boolean intervals;
    private final double nanosPerRequest;
    private final AtomicLong tickets;

    RunPlan(LoadSpec spec, InetSocketAddress address, long start) {
        this(spec, null, address, start);
    }

    RunPlan(LoadSpec spec, RunShape shape, InetSocketAddress address, long start) {
        this.spec = spec;
        this.curve = shape == null ? null : shape.curve();
        this.thinkNanos = shape == null ? 0 : shape.thinkNanos();
        this.churnEvery = shape == null ? 0 : shape.churnEvery();
        this.intervals = shape != null;
        this.address = address;
        this.sources = new SourceAddresses(address.getAddress());
        this.start = start;
        this.measureFrom = start + spec.warmup().toNanos();
        this.measureUntil = spec.requests() > 0 ? Long.MAX_VALUE : measureFrom + spec.duration().toNanos();
        this.timeoutNanos = spec.timeout().toNanos();
        this.nanosPerRequest = spec.openLoop() ? 1e9 / spec.rate() : 0;
        this.tickets = new AtomicLong(spec.requests());
    }

    boolean openLoop() {
        return nanosPerRequest > 0;
    }

    boolean byCount() {
        return measureUntil == Long.MAX_VALUE;
    }

    /** When connection {@code connection} should send its {@code k}-th request (k from 0). */
    long intended(int connection, long k) {
        if (curve != null) {
            long due = curve.timeOf(connection + k * spec.connections());
            return due == Long.MAX_VALUE ? Long.MAX_VALUE : start + due;
        }
        return start + (long) ((connection + (double) k * spec.connections()) * nanosPerRequest);
    }

    /** Should connection {@code id} be working at {@code now}? Always, but under a curve of connections. */
    boolean active(int id, long now) {
        return curve == null || curve.mode() != LoadCurve.Mode.CONNECTIONS || id < curve.connectionsAt(now - start);
    }

    /** May a request start now? {@link #STOP}, or whether it is one of the counted {@code -n} requests. */
    int take(long now) {
        if (now >= measureUntil) {
            return STOP;
        }
        if (!byCount() || now < measureFrom) {
            return UNCOUNTED;
        }
        return tickets.getAndDecrement() > 0 ? COUNTED : STOP;
    }

    /** Does a reply completing at {@code now}, for a request granted {@code grant}, count? */
    boolean counts(int grant, long now) {
        return byCount() ? grant == COUNTED : now >= measureFrom && now < measureUntil;
    }

    /** Is {@code now} inside the measurement window (for byte counts)? */
    boolean measuring(long now) {
        return now >= measureFrom && now < measureUntil;
    }
}
