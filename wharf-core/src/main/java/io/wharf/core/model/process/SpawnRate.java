package io.wharf.core.model.process;

/**
 * How many spare children to start on each second's maintenance, after Apache prefork's
 * {@code perform_idle_server_maintenance}: while connections keep finding no spare ready (a miss in the last
 * second), it starts {@code rate} of them and doubles the rate for the next second (1, 2, 4 ...
 * {@link #MAX_RATE}), so a burst that keeps eating the spares is met by more each second; a quiet second only
 * tops the spares, ready or starting, back up to {@code min_spare_children}, and the rate drops back to 1.
 * Unlike Apache's forked servers a JVM takes most of a second to start, so the children starting count toward
 * the minimum, and a miss, not a short count, is what says demand outruns the spares.
 * Pure arithmetic, no clock: the caller ticks it. Threading: confined to the pool's maintenance thread.
 */
final class SpawnRate {

    /** Apache's {@code MAX_SPAWN_RATE}. */
    static final int MAX_RATE = 32;

    private int rate = 1;

    /**
     * One second's decision.
     *
     * @param ready    spares ready now
     * @param starting spares started but not ready yet
     * @param misses   connections in the last second that found no spare ready
     * @param min      {@code min_spare_children}
     * @param max      {@code max_spare_children}: spares, ready or starting, at most
     * @param room     children that may still be started ({@code max_children} and {@code max_connections} left)
     * @return how many to start now
     */
    int tick(int ready, int starting, long misses, int min, int max, int room) {
        int waiting = ready + starting;
        int cap = Math.max(0, Math.min(room, max - waiting));
        if (misses == 0) {
            rate = 1;
            return Math.min(Math.max(0, min - waiting), cap);
        }
        int n = Math.min(Math.max(rate, min - waiting), cap);
        if (rate < MAX_RATE) {
            rate *= 2;
        }
        return n;
    }

    /** What the next busy second would start, before the caps. */
    int rate() {
        return rate;
    }
}
