package io.wharf.balance;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Smooth weighted round-robin, nginx's: each pick adds every usable backend's weight to its running
 * weight, takes the highest and subtracts the total from it. Weights 5,1,1 give a,a,b,a,c,a,a rather than
 * a,a,a,a,a,b,c, and over any run of total-weight picks each backend gets exactly its share.
 *
 * <p>Threading: one short critical section per pick under a {@link ReentrantLock} (callers may be virtual
 * threads).
 */
final class RoundRobin implements Balancer {

    private final ReentrantLock lock = new ReentrantLock();

    @Override
    public Backend pick(List<Backend> all, Predicate<Backend> usable, InetSocketAddress client) {
        lock.lock();
        try {
            Backend best = null;
            long total = 0;
            for (Backend b : all) {
                if (!usable.test(b)) {
                    continue;
                }
                b.rrCurrent += b.weight();
                total += b.weight();
                if (best == null || b.rrCurrent > best.rrCurrent) {
                    best = b;
                }
            }
            if (best != null) {
                best.rrCurrent -= total;
            }
            return best;
        } finally {
            lock.unlock();
        }
    }
}
