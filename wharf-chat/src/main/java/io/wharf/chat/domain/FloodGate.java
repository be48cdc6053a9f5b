package io.wharf.chat.domain;

/**
 * Per-client flood control: a token bucket of {@code burst} tokens refilled at {@code rate} per second, one
 * token per line. The first line past the bucket in an episode gets a {@link Verdict#WARN warning}; further
 * ones are {@link Verdict#DROP dropped}; more than {@code burst} of them in the same episode
 * {@link Verdict#DISCONNECT disconnect}. An episode ends once the bucket has refilled completely, so a client
 * that keeps sending faster than the rate is dropped eventually, while one that paused after a paste is not.
 *
 * <p>Threading: not thread-safe; one per connection, used by the thread that reads it.
 */
public final class FloodGate {

    public enum Verdict { PASS, WARN, DROP, DISCONNECT }

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long last;
    private int strikes;

    /** @param rate lines per second on average, at least 1; {@code burst} lines at once, at least 1 */
    public FloodGate(int rate, int burst, long nowNanos) {
        if (rate < 1 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be at least 1");
        }
        this.ratePerNano = rate / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Accounts for one line arriving at {@code nowNanos} ({@link System#nanoTime()} scale). */
    public Verdict check(long nowNanos) {
        tokens = Math.min(burst, tokens + Math.max(0, nowNanos - last) * ratePerNano);
        last = nowNanos;
        if (tokens >= burst) {
            strikes = 0;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.PASS;
        }
        strikes++;
        if (strikes > burst) {
            return Verdict.DISCONNECT;
        }
        return strikes == 1 ? Verdict.WARN : Verdict.DROP;
    }
}
