package io.wharf.balance;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Predicate;

/**
 * A balancing algorithm: picks the backend for a new client connection.
 *
 * <p>Threading: {@link #pick} is called concurrently from every thread that accepts or serves connections
 * (several event loops under {@code reactor}); implementations are thread-safe.
 */
public interface Balancer {

    /**
     * The backend for a client from {@code client}, among those of {@code all} that are {@code usable} (up,
     * not removed, not tried already for this client); null when none is.
     *
     * @param all the configured backends, an immutable list that is replaced, never changed, on reload (so an
     *            algorithm may cache what it derives from it by identity)
     */
    Backend pick(List<Backend> all, Predicate<Backend> usable, InetSocketAddress client);

    /** The algorithm named by {@code [balance] algorithm}. */
    static Balancer named(String name) {
        return switch (name) {
            case "roundrobin" -> new RoundRobin();
            case "leastconn" -> new LeastConnections();
            case "random2" -> new TwoRandomChoices();
            case "hash" -> new ConsistentHash();
            default -> throw new IllegalArgumentException("unknown algorithm '" + name + "'");
        };
    }
}
