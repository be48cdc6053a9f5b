package io.wharf.balance;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Random with two choices: draw two distinct usable backends at random, in proportion to their weights, and
 * take the one with fewer connections per weight. Nearly as good as least connections, without every
 * balancer thread crowding the same least-loaded backend at once.
 *
 * <p>Threading: stateless apart from {@link ThreadLocalRandom}.
 */
final class TwoRandomChoices implements Balancer {

    @Override
    public Backend pick(List<Backend> all, Predicate<Backend> usable, InetSocketAddress client) {
        List<Backend> up = new ArrayList<>(all.size());
        long total = 0;
        for (Backend b : all) {
            if (usable.test(b)) {
                up.add(b);
                total += b.weight();
            }
        }
        if (up.size() <= 1) {
            return up.isEmpty() ? null : up.get(0);
        }
        Backend a = draw(up, total, null);
        Backend b = draw(up, total - a.weight(), a);
        return LeastConnections.lighter(b, a) ? b : a;
    }

    /** A weighted draw from {@code up}, leaving out {@code except} (whose weight {@code total} excludes). */
    private static Backend draw(List<Backend> up, long total, Backend except) {
        long r = ThreadLocalRandom.current().nextLong(total);
        for (Backend b : up) {
            if (b == except) {
                continue;
            }
            r -= b.weight();
            if (r < 0) {
                return b;
            }
        }
        throw new IllegalStateException("weights changed during a draw");
    }
}
