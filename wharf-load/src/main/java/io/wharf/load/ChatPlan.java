package io.wharf.load;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared timetable of one chat run. Until every client has joined its room there is no {@link Window};
 * the coordinator then opens one, and client {@code i} of {@code N} sends its {@code k}-th message at
 * {@code start + (i / N + k) / rate} seconds: each on its own timetable, their phases spread evenly over one
 * interval. A message is measured when its intended send time falls in {@code [measureFrom, measureUntil)},
 * wherever and whenever it is received; its latency at each member counts from that intended time.
 *
 * <p>The run's token names its rooms and nicks and marks its messages, so neither a second run against the
 * same server nor its history is mistaken for this one.
 *
 * <p>A scenario's chat gives a {@link LoadCurve} of the total message rate instead: message {@code i + k * N} is due
 * when the curve's integral reaches it (at a constant rate, the same timetable).
 *
 * <p>Threading: shared by all load threads; the window and the stop time are volatile, written once each by the
 * coordinator; the join count is atomic.
 */
final class ChatPlan {

    /** When sending starts and what of it is measured; {@link System#nanoTime()} values. */
    record Window(long start, long measureFrom, long measureUntil) {
    }

    final ChatSpec spec;
    final InetSocketAddress address;
    final SourceAddresses sources;
    final String token;
    final byte[] tokenBytes;
    final long timeoutNanos;
    final AtomicInteger joined = new AtomicInteger();
    private final double intervalNanos;
    /** Null for one constant rate per client. */
    final LoadCurve curve;
    private volatile Window window;
    private volatile long stopAt = Long.MAX_VALUE;

    ChatPlan(ChatSpec spec, InetSocketAddress address, String token) {
        this(spec, address, token, null);
    }

    ChatPlan(ChatSpec spec, InetSocketAddress address, String token, LoadCurve curve) {
        this.curve = curve;
        this.spec = spec;
        this.address = address;
        this.sources = new SourceAddresses(address.getAddress());
        this.token = token;
        this.tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
        this.timeoutNanos = spec.timeout().toNanos();
        this.intervalNanos = 1e9 / spec.rate();
    }

    /** Room {@code r}'s name: the token, a dash, the number (well within the 32 characters allowed). */
    String room(int r) {
        return token + "-" + r;
    }

    /** Client {@code id}'s nick; a retry after a failed attempt takes a fresh one, the old may still be held. */
    String nick(int id, int attempt) {
        return token + "-" + id + (attempt == 0 ? "" : "r" + attempt);
    }

    /** Opens the window: sending starts at {@code start}. */
    Window begin(long start) {
        long from = start + spec.warmup().toNanos();
        Window w = new Window(start, from, from + spec.duration().toNanos());
        window = w;
        return w;
    }

    /** The window, or null while clients are still joining. */
    Window window() {
        return window;
    }

    /** When client {@code client} should send its {@code k}-th message (k from 0). */
    long intended(Window w, int client, long k) {
        if (curve != null) {
            long due = curve.timeOf(client + k * spec.clients());
            return due == Long.MAX_VALUE ? Long.MAX_VALUE : w.start + due;
        }
        return w.start + (long) ((client / (double) spec.clients() + k) * intervalNanos);
    }

    static boolean measured(Window w, long intended) {
        return intended >= w.measureFrom && intended < w.measureUntil;
    }

    void stop(long at) {
        stopAt = at;
    }

    long stopAt() {
        return stopAt;
    }
}
