package io.wharf.http.ops;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code rate_limit}: requests per second per client address, a token bucket with a burst. A client may send
 * {@code burst} requests at once, then {@code rate} per second; past that it gets 429 with the
 * {@code Retry-After} of {@link Decision#retryAfterSeconds()}.
 *
 * <p>Each bucket is one {@link AtomicLong} holding its "theoretical arrival time" (the GCRA form of a token
 * bucket): a request is allowed when the bucket's time, advanced by one emission interval, is no more than
 * {@code burst} intervals ahead of now. A bucket whose time has passed is full, which is exactly what a missing
 * bucket means, so evicting it loses nothing. The map is swept of such idle buckets when it reaches its cap;
 * if every bucket is busy (a flood from very many addresses), arbitrary ones are dropped, which at worst
 * hands those clients a fresh burst: memory stays bounded and no new client is refused for lack of room.
 *
 * <p>Threading: safe from any thread and lock-free (one CAS per allowed request); one thread at a time sweeps.
 * A request racing with the sweep that evicts its bucket may go uncounted: at most one extra request per
 * eviction. The rate may be changed live; buckets carry over.
 */
public final class RateLimiter {

    static final int DEFAULT_MAX_CLIENTS = 100_000;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** The answer for one request. */
    public record Decision(boolean allowed, long retryAfterSeconds) {

        public static final Decision ALLOWED = new Decision(true, 0);
    }

    private record Settings(int rate, int burst, long intervalNanos) {
    }

    private final ConcurrentHashMap<InetAddress, AtomicLong> buckets = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final int maxClients;
    private volatile Settings settings;

    /** {@code rate} requests per second per client (0 = off), burst twice that. */
    public RateLimiter(int rate) {
        this(rate, 0, DEFAULT_MAX_CLIENTS);
    }

    /**
     * @param burst      requests a client may send at once; 0 means twice the rate (at least 1)
     * @param maxClients buckets kept before idle ones are swept
     */
    public RateLimiter(int rate, int burst, int maxClients) {
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1: " + maxClients);
        }
        this.maxClients = maxClients;
        configure(rate, burst);
    }

    /** Sets the rate, with the default burst. */
    public void rate(int rate) {
        configure(rate, 0);
    }

    /** Sets the rate (0 = off) and burst (0 = twice the rate, at least 1). */
    public void configure(int rate, int burst) {
        if (rate < 0 || rate > NANOS_PER_SECOND || burst < 0) {
            throw new IllegalArgumentException("rate must be 0-" + NANOS_PER_SECOND + " and burst >= 0: "
                    + rate + ", " + burst);
        }
        int b = burst > 0 ? burst : (int) Math.max(1, Math.min(Integer.MAX_VALUE, 2L * rate));
        settings = new Settings(rate, b, rate == 0 ? 0 : NANOS_PER_SECOND / rate);
        if (rate == 0) {
            buckets.clear();
        }
    }

    public int rate() {
        return settings.rate();
    }

    public int burst() {
        return settings.burst();
    }

    public boolean enabled() {
        return settings.rate() > 0;
    }

    /** Takes one token for {@code ip} at {@code nowNanos} (a {@link System#nanoTime()} reading). */
    public Decision tryAcquire(InetAddress ip, long nowNanos) {
        Settings s = settings;
        if (s.rate() == 0) {
            return Decision.ALLOWED;
        }
        AtomicLong bucket = buckets.get(ip);
        if (bucket == null) {
            if (buckets.size() >= maxClients) {
                makeRoom(nowNanos);
            }
            bucket = buckets.computeIfAbsent(ip, k -> new AtomicLong(nowNanos));
        }
        long window = s.burst() * s.intervalNanos();
        while (true) {
            long tat = bucket.get();
            long next = (tat - nowNanos > 0 ? tat : nowNanos) + s.intervalNanos();
            if (next - nowNanos > window) {
                long waitNanos = next - window - nowNanos;
                return new Decision(false, Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND));
            }
            if (bucket.compareAndSet(tat, next)) {
                return Decision.ALLOWED;
            }
        }
    }

    /** Buckets held now (bounded by about maxClients). */
    public int clients() {
        return buckets.size();
    }

    private void makeRoom(long nowNanos) {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            buckets.values().removeIf(tat -> tat.get() - nowNanos <= 0);
            // Everyone busy: drop a tenth, so the next full sweep is a tenth of the cap away.
            int excess = buckets.size() - maxClients + Math.max(1, maxClients / 10);
            Iterator<AtomicLong> it = buckets.values().iterator();
            while (excess-- > 0 && it.hasNext()) {
                it.next();
                it.remove();
            }
        } finally {
            sweeping.set(false);
        }
    }
}
