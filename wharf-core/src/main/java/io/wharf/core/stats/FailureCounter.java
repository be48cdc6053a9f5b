package io.wharf.core.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Failures counted by kind, and the rule that a kind is logged at most once a minute (with the count so far), so
 * a flood of bad clients costs one log line a minute, not one per connection. What TLS and PROXY input count.
 *
 * <p>Threading: thread-safe.
 */
public final class FailureCounter<K extends Enum<K>> {

    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final Map<K, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<K, AtomicLong> lastLogged = new ConcurrentHashMap<>();

    /** Counts one failure of {@code kind}; the count so far when it is due a log line (none this minute), else 0. */
    public long count(K kind) {
        LongAdder n = counts.computeIfAbsent(kind, k -> new LongAdder());
        n.increment();
        AtomicLong last = lastLogged.computeIfAbsent(kind, k -> new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS));
        long now = System.nanoTime();
        long prev = last.get();
        return now - prev >= LOG_EVERY_NANOS && last.compareAndSet(prev, now) ? n.sum() : 0;
    }

    public long get(K kind) {
        LongAdder n = counts.get(kind);
        return n == null ? 0 : n.sum();
    }
}
