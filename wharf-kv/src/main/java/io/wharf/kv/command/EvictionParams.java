package io.wharf.kv.command;

import io.wharf.kv.OutputLimits;
import io.wharf.kv.store.Eviction;
import io.wharf.kv.store.Keyspace;

import java.util.List;
import java.util.Locale;

/**
 * The eviction parameters of CONFIG GET and SET ({@code maxmemory}, {@code maxmemory-policy},
 * {@code maxmemory-samples}, {@code lfu-log-factor}, {@code lfu-decay-time}), changed live as Redis changes them: a
 * set replaces the key space's {@link Eviction} with one that has the new value, and a {@code maxmemory} under the
 * memory in use evicts at once, as the policy says (Redis's {@code performEvictions} from the setter), before the
 * reply. Values are checked and refused in Redis 7.0's words.
 *
 * <p>Threading: the getters and setters run under the key space's lock (CONFIG's body).
 */
final class EvictionParams {

    /** Redis's order of the names in its error text (config.c's {@code maxmemory_policy_enum}). */
    private static final List<String> POLICY_ORDER = List.of("volatile-lru", "volatile-lfu", "volatile-random",
            "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction");

    private EvictionParams() {
    }

    static void register(Keyspace ks, ConfigParams p) {
        p.register("maxmemory", () -> Long.toString(ks.eviction().maxmemory()), EvictionParams::memory, v -> {
            Eviction e = ks.eviction();
            ks.eviction(e.with(memory(v), e.policy(), e.samples(), e.logFactor(), e.decayMinutes()));
            ks.makeRoom();
        });
        p.register("maxmemory-policy", () -> ks.eviction().policy().redisName(), EvictionParams::policy, v -> {
            Eviction e = ks.eviction();
            ks.eviction(e.with(e.maxmemory(), policy(v), e.samples(), e.logFactor(), e.decayMinutes()));
        });
        p.register("maxmemory-samples", () -> Integer.toString(ks.eviction().samples()), v -> bounded(v, 1, Integer.MAX_VALUE), v -> {
            Eviction e = ks.eviction();
            ks.eviction(e.with(e.maxmemory(), e.policy(), bounded(v, 1, Integer.MAX_VALUE), e.logFactor(), e.decayMinutes()));
        });
        p.register("lfu-log-factor", () -> Integer.toString(ks.eviction().logFactor()),
                v -> bounded(v, 0, Integer.MAX_VALUE), v -> {
                    Eviction e = ks.eviction();
                    ks.eviction(e.with(e.maxmemory(), e.policy(), e.samples(), bounded(v, 0, Integer.MAX_VALUE),
                            e.decayMinutes()));
                });
        p.register("lfu-decay-time", () -> Integer.toString(ks.eviction().decayMinutes()),
                v -> bounded(v, 0, Integer.MAX_VALUE), v -> {
                    Eviction e = ks.eviction();
                    ks.eviction(e.with(e.maxmemory(), e.policy(), e.samples(), e.logFactor(),
                            bounded(v, 0, Integer.MAX_VALUE)));
                });
    }

    private static long memory(String v) {
        try {
            return OutputLimits.size(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("argument must be a memory value");
        }
    }

    private static Eviction.Policy policy(String v) {
        String name = v.toLowerCase(Locale.ROOT);
        if (!POLICY_ORDER.contains(name)) {
            throw new IllegalArgumentException("argument(s) must be one of the following: "
                    + String.join(", ", POLICY_ORDER));
        }
        return Eviction.Policy.of(name);
    }

    private static int bounded(String v, int min, int max) {
        long n = ConfigParams.integer(v, Long.MIN_VALUE);
        if (n < min || n > max) {
            throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
        }
        return (int) n;
    }
}
