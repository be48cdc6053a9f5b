package io.wharf.kv.store;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code maxmemory} and its policies, as Redis's evict.c: when the estimated memory ({@link MemoryEstimate})
 * is over the limit before a command, keys are evicted until it is not; if it cannot get under (policy
 * {@code noeviction}, or no key the policy may take), commands flagged {@code denyoom} are refused with
 * {@code -OOM}. Each eviction is recorded as a {@code DEL}, as Redis propagates it.
 *
 * <p>The approximate LRU/LFU/TTL of Redis: each round samples {@code maxmemory_samples} keys per database
 * (from all keys, or only those with a TTL for {@code volatile-*}) into a pool of the 16 best candidates kept
 * across rounds, sorted by idle score (LRU: idle time; LFU: 255 minus the decayed counter; TTL: how soon it
 * expires), and evicts the best one that still exists. The random policies take a random key, round-robin over
 * the databases.
 *
 * <p>Access tracking ({@link #touch}): the LRU clock is Unix seconds in 24 bits; the LFU field holds the
 * minutes of its last decay in 16 bits and a logarithmic counter in 8: each access increments it with
 * probability {@code 1/((counter-5)*lfu_log_factor+1)}, and it loses one per {@code lfu_decay_time} minutes
 * unused. OBJECT IDLETIME and OBJECT FREQ read them ({@link #idleMillis}, {@link #frequency}).
 *
 * <p>Threading: under the key space's lock.
 */
public final class Eviction {

    /** {@code maxmemory_policy}. */
    public enum Policy {
        NOEVICTION, ALLKEYS_LRU, VOLATILE_LRU, ALLKEYS_LFU, VOLATILE_LFU, ALLKEYS_RANDOM, VOLATILE_RANDOM, VOLATILE_TTL;

        public static Policy of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        public String redisName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        boolean volatileOnly() {
            return this == VOLATILE_LRU || this == VOLATILE_LFU || this == VOLATILE_RANDOM || this == VOLATILE_TTL;
        }

        boolean lfu() {
            return this == ALLKEYS_LFU || this == VOLATILE_LFU;
        }
    }

    /** The names {@code maxmemory_policy} takes, as Redis spells them. */
    public static final List<String> POLICY_NAMES = java.util.Arrays.stream(Policy.values())
            .map(Policy::redisName).toList();

    static final int POOL_SIZE = 16;
    static final int LFU_INIT_VAL = 5;
    static final int LRU_CLOCK_MAX = (1 << 24) - 1;
    private static final byte[] DEL = {'D', 'E', 'L'};

    private final long maxmemory;
    private final Policy policy;
    private final int samples;
    private final int logFactor;
    private final int decayMinutes;
    private final byte[][] poolKeys = new byte[POOL_SIZE][];
    private final int[] poolDb = new int[POOL_SIZE];
    private final long[] poolIdle = new long[POOL_SIZE];
    private int nextDb;
    private long evictedKeys;

    /** No limit, LRU tracking (Redis's defaults). */
    public static final Eviction NONE = new Eviction(0, Policy.NOEVICTION, 5, 10, 1);

    public Eviction(long maxmemory, Policy policy, int samples, int logFactor, int decayMinutes) {
        this.maxmemory = maxmemory;
        this.policy = policy;
        this.samples = samples;
        this.logFactor = logFactor;
        this.decayMinutes = decayMinutes;
    }

    /**
     * The same eviction with other settings (CONFIG SET): the eviction count carries over, the candidate pool
     * starts afresh. Keys keep their access fields, read from then on as the new policy reads them (as Redis).
     */
    public Eviction with(long maxmemory, Policy policy, int samples, int logFactor, int decayMinutes) {
        Eviction e = new Eviction(maxmemory, policy, samples, logFactor, decayMinutes);
        e.evictedKeys = evictedKeys;
        return e;
    }

    public long maxmemory() {
        return maxmemory;
    }

    public Policy policy() {
        return policy;
    }

    /** Keys sampled per database and round ({@code maxmemory-samples}). */
    public int samples() {
        return samples;
    }

    /** {@code lfu-log-factor}. */
    public int logFactor() {
        return logFactor;
    }

    /** {@code lfu-decay-time}, minutes. */
    public int decayMinutes() {
        return decayMinutes;
    }

    public long evictedKeys() {
        return evictedKeys;
    }

    /** A new key's access field, as Redis's {@code createObject}. */
    void created(Entry e, long nowMillis) {
        e.lru = policy.lfu() ? minutes(nowMillis) << 8 | LFU_INIT_VAL : lruClock(nowMillis);
    }

    /** A key was looked up: its LRU clock, or under an LFU policy its counter (Redis tracks one or the other). */
    void touch(Entry e, long nowMillis) {
        if (policy.lfu()) {
            int counter = decayed(e, nowMillis);
            counter = logIncrement(counter);
            e.lru = minutes(nowMillis) << 8 | counter;
        } else {
            e.lru = lruClock(nowMillis);
        }
    }

    /**
     * OBJECT IDLETIME, in milliseconds (Redis's {@code estimateObjectIdleTime}); meaningful when no LFU policy is
     * set (Redis then refuses IDLETIME: "An LFU maxmemory policy is selected, idle time not tracked.").
     */
    public static long idleMillis(Entry e, long nowMillis) {
        int clock = lruClock(nowMillis);
        long idle = clock >= e.lru ? clock - e.lru : clock + (LRU_CLOCK_MAX - e.lru);
        return idle * 1000;
    }

    /** OBJECT FREQ: the LFU counter after decay. */
    public int frequency(Entry e, long nowMillis) {
        return decayed(e, nowMillis);
    }

    /** True when an LFU policy is set (OBJECT FREQ answers only then, as in Redis). */
    public boolean tracksFrequency() {
        return policy.lfu();
    }

    private int decayed(Entry e, long nowMillis) {
        int ldt = e.lru >>> 8;
        int counter = e.lru & 255;
        int now = minutes(nowMillis);
        int elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
        int periods = decayMinutes > 0 ? elapsed / decayMinutes : 0;
        return periods > counter ? 0 : counter - periods;
    }

    private int logIncrement(int counter) {
        if (counter == 255) {
            return 255;
        }
        double r = ThreadLocalRandom.current().nextDouble();
        double base = Math.max(0, counter - LFU_INIT_VAL);
        return r < 1.0 / (base * logFactor + 1) ? counter + 1 : counter;
    }

    private static int lruClock(long nowMillis) {
        return (int) ((nowMillis / 1000) & LRU_CLOCK_MAX);
    }

    private static int minutes(long nowMillis) {
        return (int) ((nowMillis / 60_000) & 65535);
    }

    /** True when a limit is set and the estimate is over it. */
    boolean over(Keyspace ks) {
        return maxmemory > 0 && ks.usedMemory() > maxmemory;
    }

    /**
     * Redis's {@code performEvictions}: evicts until under the limit. Returns false if it could not get there.
     * Under the lock.
     */
    boolean evict(Keyspace ks, long nowMillis) {
        while (ks.usedMemory() > maxmemory) {
            if (policy == Policy.NOEVICTION || !evictOne(ks, nowMillis)) {
                return false;
            }
        }
        return true;
    }

    private boolean evictOne(Keyspace ks, long now) {
        int dbs = ks.databases();
        if (policy == Policy.ALLKEYS_RANDOM || policy == Policy.VOLATILE_RANDOM) {
            for (int i = 0; i < dbs; i++) {
                Db db = ks.db(nextDb++ % dbs);
                byte[] key = policy == Policy.ALLKEYS_RANDOM ? db.randomKey() : db.randomVolatileKey();
                if (key != null) {
                    remove(ks, db, key);
                    return true;
                }
            }
            return false;
        }
        for (;;) {
            long candidates = 0;
            for (int i = 0; i < dbs; i++) {
                Db db = ks.db(i);
                long n = policy.volatileOnly() ? db.volatileKeys() : db.size();
                if (n > 0) {
                    candidates += n;
                    populate(db, now);
                }
            }
            if (candidates == 0) {
                return false;
            }
            for (int k = POOL_SIZE - 1; k >= 0; k--) {
                byte[] key = poolKeys[k];
                if (key == null) {
                    continue;
                }
                Db db = ks.db(poolDb[k]);
                poolKeys[k] = null;
                Entry e = db.entry(key);
                if (e != null && (!policy.volatileOnly() || e.expireAt != Entry.PERSISTENT)) {
                    remove(ks, db, key);
                    return true;
                }
            }
        }
    }

    /** {@code evictionPoolPopulate}: sample the db into the pool, ascending by idle score, best last. */
    private void populate(Db db, long now) {
        for (int s = 0; s < samples; s++) {
            byte[] key = policy.volatileOnly() ? db.randomVolatileKey() : db.randomKey();
            if (key == null) {
                return;
            }
            Entry e = db.entry(key);
            long idle = switch (policy) {
                case VOLATILE_TTL -> Long.MAX_VALUE - e.expireAt;
                case ALLKEYS_LFU, VOLATILE_LFU -> 255 - decayed(e, now);
                default -> idleMillis(e, now);
            };
            insert(db.index(), key, idle);
        }
    }

    private void insert(int db, byte[] key, long idle) {
        for (int i = 0; i < POOL_SIZE; i++) {
            if (poolKeys[i] != null && poolDb[i] == db && java.util.Arrays.equals(poolKeys[i], key)) {
                return; // already a candidate
            }
        }
        int k = 0;
        while (k < POOL_SIZE && poolKeys[k] != null && poolIdle[k] < idle) {
            k++;
        }
        if (k == 0 && poolKeys[POOL_SIZE - 1] != null) {
            return; // worse than every candidate of a full pool
        }
        if (k < POOL_SIZE && poolKeys[k] == null) {
            // an empty slot where it belongs
        } else if (poolKeys[POOL_SIZE - 1] == null) {
            System.arraycopy(poolKeys, k, poolKeys, k + 1, POOL_SIZE - k - 1);
            System.arraycopy(poolDb, k, poolDb, k + 1, POOL_SIZE - k - 1);
            System.arraycopy(poolIdle, k, poolIdle, k + 1, POOL_SIZE - k - 1);
        } else {
            k--; // full: drop the worst (first) and insert before position k
            System.arraycopy(poolKeys, 1, poolKeys, 0, k);
            System.arraycopy(poolDb, 1, poolDb, 0, k);
            System.arraycopy(poolIdle, 1, poolIdle, 0, k);
        }
        poolKeys[k] = key;
        poolDb[k] = db;
        poolIdle[k] = idle;
    }

    private void remove(Keyspace ks, Db db, byte[] key) {
        db.delete(key);
        evictedKeys++;
        ks.feed().record(db.index(), List.of(DEL, key));
    }
}
