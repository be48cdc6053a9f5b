package io.wharf.balance;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Least connections, weighted (the brief's {@code select_best_worker}): the usable backend with the fewest
 * open connections per unit of weight. Ties are broken by a rotating start, so idle backends share new
 * clients evenly instead of the first one taking them all.
 *
 * <p>Threading: lock-free; the counts it reads may move under it, which costs at most a slightly worse
 * pick, never a wrong one.
 */
final class LeastConnections implements Balancer {

    private final AtomicInteger start = new AtomicInteger();

    @Override
    public Backend pick(List<Backend> all, Predicate<Backend> usable, InetSocketAddress client) {
        int n = all.size();
        if (n == 0) {
            return null;
        }
        int first = Math.floorMod(start.getAndIncrement(), n);
        Backend best = null;
        for (int i = 0; i < n; i++) {
            Backend b = all.get((first + i) % n);
            if (usable.test(b) && (best == null || lighter(b, best))) {
                best = b;
            }
        }
        return best;
    }

    /** a.active / a.weight < b.active / b.weight, without division. */
    static boolean lighter(Backend a, Backend b) {
        return (long) a.active() * b.weight() < (long) b.active() * a.weight();
    }
}
