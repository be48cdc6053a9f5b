package io.wharf.kv.store;

import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;

import java.util.List;

/** The memory keys of {@code [kv]}, named as Redis's directives (dashes as underscores). */
public final class MemoryKeys {

    private static final String S = "kv";

    public static final ConfigKey<Long> MAXMEMORY = ConfigKey.size(S, "maxmemory", 0L, false,
            "memory limit of the data (the estimate INFO shows as used_memory); 0: none (Redis: maxmemory)");
    public static final ConfigKey<String> MAXMEMORY_POLICY = ConfigKey.oneOf(S, "maxmemory_policy", "noeviction",
            false, "what goes when over maxmemory: noeviction (refuse writes with -OOM), allkeys-lru, volatile-lru,"
                    + " allkeys-lfu, volatile-lfu, allkeys-random, volatile-random, volatile-ttl"
                    + " (Redis: maxmemory-policy)", Eviction.POLICY_NAMES.toArray(String[]::new));
    public static final ConfigKey<Integer> MAXMEMORY_SAMPLES = ConfigKey.integer(S, "maxmemory_samples", 5, 1, 64,
            false, "keys sampled per database and round to pick what to evict (Redis: maxmemory-samples)");
    public static final ConfigKey<Integer> LFU_LOG_FACTOR = ConfigKey.integer(S, "lfu_log_factor", 10, 0, 1_000_000,
            false, "how slowly the LFU counter grows with accesses (Redis: lfu-log-factor)");
    public static final ConfigKey<Integer> LFU_DECAY_TIME = ConfigKey.integer(S, "lfu_decay_time", 1, 0, 1_000_000,
            false, "minutes unused for the LFU counter to drop by one; 0: never (Redis: lfu-decay-time)");

    public static final List<ConfigKey<?>> ALL = List.of(MAXMEMORY, MAXMEMORY_POLICY, MAXMEMORY_SAMPLES,
            LFU_LOG_FACTOR, LFU_DECAY_TIME);

    private MemoryKeys() {
    }

    public static Eviction eviction(Config c) {
        return new Eviction(c.get(MAXMEMORY), Eviction.Policy.of(c.get(MAXMEMORY_POLICY)), c.get(MAXMEMORY_SAMPLES),
                c.get(LFU_LOG_FACTOR), c.get(LFU_DECAY_TIME));
    }
}
