package io.wharf.kv;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.stats.ServerStats;
import io.wharf.kv.store.Eviction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * maxmemory under each policy: what is evicted is what the policy says (approximately, as Redis: sampled), and
 * under noeviction writes that grow memory are refused with Redis's -OOM while reads and deletes go on. Also:
 * the memory estimate returns to zero when the data goes, whatever way it went.
 */
@Timeout(120)
class KvEvictionTest {

    private static final String VALUE = "v".repeat(100);
    // The limits below leave room for a few hundred keys "k1".."k999" of VALUE, which the estimate counts at
    // 192 bytes each (entry and slot 48, key array 24, value array 120): 89,000 bytes hold about 460 of them.

    private Server server;
    private KvService service;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            service.shutdown();
        }
    }

    private Jedis start(long maxmemory, Eviction.Policy policy, int logFactor) throws Exception {
        service = new KvService(KvSettings.DEFAULTS, null, new Eviction(maxmemory, policy, 10, logFactor, 1));
        server = Server.start(ServerSettings.defaults(0, Model.EVENT).withBindAddress("127.0.0.1"), service,
                new ServerStats());
        var a = server.localAddress();
        return new Jedis(new HostAndPort(a.getHostString(), a.getPort()),
                DefaultJedisClientConfig.builder().timeoutMillis(10_000).build());
    }

    private static long used(Jedis j) {
        Matcher m = Pattern.compile("used_memory:(\\d+)").matcher(j.info("memory"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long evicted(Jedis j) {
        Matcher m = Pattern.compile("evicted_keys:(\\d+)").matcher(j.info("stats"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static void set(Jedis j, String prefix, int from, int to, long ttlSeconds) {
        Pipeline p = j.pipelined();
        for (int i = from; i < to; i++) {
            if (ttlSeconds > 0) {
                p.setex(prefix + i, ttlSeconds + i, VALUE);
            } else {
                p.set(prefix + i, VALUE);
            }
        }
        p.sync();
    }

    private static int present(Jedis j, String prefix, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (j.exists(prefix + i)) {
                n++;
            }
        }
        return n;
    }

    /** Waits until the clock's second has moved on twice, so the LRU clock (seconds) tells old from new. */
    private static void letTwoSecondsPass() {
        long start = System.currentTimeMillis() / 1000;
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> System.currentTimeMillis() / 1000 >= start + 2);
    }

    @Test
    void theEstimateReturnsToZeroWhenTheDataGoes() throws Exception {
        try (Jedis j = start(0, Eviction.Policy.NOEVICTION, 10)) {
            assertThat(used(j)).isZero();
            set(j, "k", 0, 100, 0);
            long strings = used(j);
            assertThat(strings).isBetween(100L * 150, 100L * 400);
            j.hset("h", Map.of("a", "1", "b", "2"));
            j.hset("h", "a", "longer value");
            j.hdel("h", "b");
            j.rpush("l", "1", "2", "3", "4");
            j.ltrim("l", 1, 2);
            j.linsert("l", redis.clients.jedis.args.ListPosition.BEFORE, "3", "x");
            j.sadd("s", "1", "2");
            j.sadd("s", "member");
            j.srem("s", "1");
            j.expire("k1", 100);
            j.persist("k1");
            j.expire("k2", 100);
            j.rename("k3", "renamed");
            j.copy("k4", "copied", false);
            j.move("k5", 2);
            j.swapDB(0, 3);
            j.swapDB(0, 3);
            j.append("k6", "more");
            j.incr("counter");
            j.lmove("l", "l2", redis.clients.jedis.args.ListDirection.LEFT, redis.clients.jedis.args.ListDirection.RIGHT);
            assertThat(used(j)).isGreaterThan(strings);
            j.flushDB();
            j.select(2);
            assertThat(used(j)).isGreaterThan(0);
            j.del("k5");
            assertThat(used(j)).isZero();
        }
    }

    @Test
    void aPopWithAKeyListCountsWhatIsLeftAsAFreshCopyWouldCount() throws Exception {
        redis.clients.jedis.commands.ProtocolCommand zmpop = () -> "ZMPOP".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        redis.clients.jedis.commands.ProtocolCommand lmpop = () -> "LMPOP".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (Jedis j = start(0, Eviction.Policy.NOEVICTION, 10)) {
            for (int i = 0; i < 200; i++) {
                j.zadd("z", i, "member-" + i);
            }
            j.sendCommand(zmpop, "1", "z", "MIN", "COUNT", "150");
            long popped = used(j);
            j.del("z");
            assertThat(used(j)).isZero();
            for (int i = 150; i < 200; i++) {
                j.zadd("z", i, "member-" + i);
            }
            assertThat(used(j)).isEqualTo(popped);
            // a list keeps its ring buffer's capacity, so it is only less than before
            for (int i = 0; i < 200; i++) {
                j.rpush("l", "element-" + i);
            }
            long full = used(j);
            j.sendCommand(lmpop, "1", "l", "LEFT", "COUNT", "150");
            assertThat(used(j)).isLessThan(full);
        }
    }

    @Test
    void configSetOfAMaxmemoryUnderTheDataEvictsBeforeItsReplyAndAPolicyChangeAppliesAtOnce() throws Exception {
        try (Jedis j = start(0, Eviction.Policy.NOEVICTION, 10)) {
            set(j, "k", 0, 1000, 0);
            long full = used(j);
            assertThat(j.configSet("maxmemory", Long.toString(full / 2))).isEqualTo("OK");
            // still noeviction: nothing can go, and writes that grow memory are refused
            assertThat(j.dbSize()).isEqualTo(1000);
            assertThatThrownBy(() -> j.set("more", VALUE)).hasMessageContaining("OOM");
            assertThat(j.configSet("maxmemory-policy", "allkeys-random")).isEqualTo("OK");
            assertThat(j.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "allkeys-random");
            assertThat(j.set("more", VALUE)).isEqualTo("OK");
            assertThat(used(j)).isLessThanOrEqualTo(full / 2);
            long before = evicted(j);
            assertThat(j.configSet("maxmemory", Long.toString(full / 4))).isEqualTo("OK");
            // evicted by CONFIG SET itself: the very next reply already sees the data under the new limit
            assertThat(used(j)).isLessThanOrEqualTo(full / 4);
            assertThat(evicted(j)).isGreaterThan(before);
            assertThat(j.dbSize()).isLessThan(300);
        }
    }

    @Test
    void noevictionRefusesGrowingWritesWithOomAndKeepsServingTheRest() throws Exception {
        try (Jedis j = start(89_000, Eviction.Policy.NOEVICTION, 10)) {
            int i = 0;
            try {
                for (; i < 10_000; i++) {
                    j.set("k" + i, VALUE);
                }
            } catch (JedisDataException e) {
                assertThat(e.getMessage()).isEqualTo("OOM command not allowed when used memory > 'maxmemory'.");
            }
            assertThat(i).isBetween(300, 500);
            assertThatThrownBy(() -> j.rpush("list", "x")).hasMessageStartingWith("OOM ");
            assertThat(j.get("k0")).isEqualTo(VALUE);
            assertThat(j.del("k0", "k1", "k2")).isEqualTo(3);
            assertThat(j.set("again", "x")).isEqualTo("OK");
            assertThat(j.info("stats")).contains("evicted_keys:0");
            assertThat(j.info("memory")).contains("maxmemory:89000").contains("maxmemory_policy:noeviction");
        }
    }

    @Test
    void execOfAGrowingTransactionIsRefusedOnceOverMaxmemory() throws Exception {
        try (Jedis j = start(89_000, Eviction.Policy.NOEVICTION, 10)) {
            var a = server.localAddress();
            try (Jedis other = new Jedis(new HostAndPort(a.getHostString(), a.getPort()),
                    DefaultJedisClientConfig.builder().timeoutMillis(10_000).build())) {
                // raw commands, so the SET is queued now (Jedis's Transaction would send it only with EXEC)
                assertThat(j.sendCommand(redis.clients.jedis.Protocol.Command.MULTI)).isEqualTo("OK".getBytes());
                assertThat(j.sendCommand(redis.clients.jedis.Protocol.Command.SET, "queued", "x"))
                        .isEqualTo("QUEUED".getBytes());
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        other.set("k" + i, VALUE);
                    }
                }).hasMessageStartingWith("OOM ");
                // as Redis 7.0: EXEC counts as the writes it would run
                assertThatThrownBy(() -> j.sendCommand(redis.clients.jedis.Protocol.Command.EXEC)).hasMessage("EXECABORT Transaction discarded because of: OOM command not"
                        + " allowed when used memory > 'maxmemory'.");
                assertThat(other.exists("queued")).isFalse();
            }
        }
    }

    @Test
    void allkeysLruEvictsTheKeysUnusedLongest() throws Exception {
        try (Jedis j = start(178_000, Eviction.Policy.ALLKEYS_LRU, 10)) {
            set(j, "cold", 0, 900, 0);
            letTwoSecondsPass();
            for (int i = 0; i < 100; i++) {
                j.get("hot" + i); // misses: these keys are written next, two seconds after the cold ones
            }
            set(j, "hot", 0, 100, 0);
            set(j, "new", 0, 300, 0);
            assertThat(used(j)).isLessThanOrEqualTo(178_000 + 300);
            assertThat(present(j, "hot", 0, 100)).isEqualTo(100);
            assertThat(present(j, "new", 0, 300)).isGreaterThanOrEqualTo(290);
            long evicted = evicted(j);
            assertThat(evicted).isGreaterThan(300);
            assertThat(900 - present(j, "cold", 0, 900)).as("evictions of cold keys").isGreaterThanOrEqualTo((int) evicted - 10);
            assertThat(j.info("stats")).containsPattern("evicted_keys:[1-9]");
        }
    }

    @Test
    void allkeysLruKeepsReadKeysOverOlderReadOnes() throws Exception {
        try (Jedis j = start(178_000, Eviction.Policy.ALLKEYS_LRU, 10)) {
            set(j, "k", 0, 800, 0); // under the limit: nothing evicted yet
            assertThat(j.info("stats")).contains("evicted_keys:0");
            letTwoSecondsPass();
            for (int i = 0; i < 100; i++) {
                assertThat(j.get("k" + i)).isEqualTo(VALUE);
            }
            set(j, "new", 0, 300, 0);
            long evicted = evicted(j);
            assertThat(evicted).isGreaterThan(100);
            assertThat(present(j, "k", 0, 100)).isEqualTo(100);
            assertThat(present(j, "k", 100, 800) + present(j, "new", 0, 300)).isEqualTo(1000 - evicted);
        }
    }

    @Test
    void allkeysLfuKeepsTheKeysReadOften() throws Exception {
        try (Jedis j = start(178_000, Eviction.Policy.ALLKEYS_LFU, 0)) {
            set(j, "k", 0, 800, 0);
            assertThat(j.info("stats")).contains("evicted_keys:0");
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 100; i++) {
                    j.get("k" + i);
                }
            }
            set(j, "new", 0, 300, 0);
            long evicted = evicted(j);
            assertThat(evicted).isGreaterThan(100);
            // the keys read often stay; new keys start with the counter of the unread ones (as in Redis)
            assertThat(present(j, "k", 0, 100)).isEqualTo(100);
            assertThat(present(j, "k", 100, 800) + present(j, "new", 0, 300)).isEqualTo(1000 - evicted);
        }
    }

    @Test
    void volatileTtlEvictsTheSoonestToExpireAndNeverAKeyWithoutTtl() throws Exception {
        try (Jedis j = start(178_000, Eviction.Policy.VOLATILE_TTL, 10)) {
            set(j, "forever", 0, 300, 0);
            set(j, "ttl", 0, 600, 1000); // ttl{i} expires in 1000+i seconds
            set(j, "more", 0, 200, 0);
            assertThat(present(j, "forever", 0, 300)).isEqualTo(300);
            assertThat(present(j, "more", 0, 200)).isEqualTo(200);
            int early = present(j, "ttl", 0, 200);
            int late = present(j, "ttl", 400, 600);
            assertThat(late).isEqualTo(200);
            assertThat(early).isLessThan(50);
        }
    }

    @Test
    void volatileLruAndLfuTakeOnlyKeysWithATtlAndKeepTheOnesRead() throws Exception {
        for (Eviction.Policy policy : new Eviction.Policy[] {Eviction.Policy.VOLATILE_LRU, Eviction.Policy.VOLATILE_LFU}) {
            try (Jedis j = start(178_000, policy, 0)) {
                set(j, "forever", 0, 300, 0);
                set(j, "ttl", 0, 400, 1000);
                assertThat(j.info("stats")).contains("evicted_keys:0");
                if (policy == Eviction.Policy.VOLATILE_LRU) {
                    letTwoSecondsPass();
                }
                for (int round = 0; round < 5; round++) {
                    for (int i = 0; i < 50; i++) {
                        j.get("ttl" + i);
                    }
                }
                set(j, "more", 0, 400, 0); // about 240 of the 400 keys with a TTL must go
                assertThat(present(j, "forever", 0, 300)).as(policy.redisName()).isEqualTo(300);
                assertThat(present(j, "more", 0, 400)).as(policy.redisName()).isEqualTo(400);
                assertThat(present(j, "ttl", 0, 50)).as(policy.redisName()).isEqualTo(50);
                assertThat(present(j, "ttl", 50, 400)).as(policy.redisName()).isLessThan(200);
            }
            stop();
            server = null;
        }
    }

    @Test
    void volatilePoliciesWithoutVolatileKeysRefuseLikeNoeviction() throws Exception {
        try (Jedis j = start(53_000, Eviction.Policy.VOLATILE_LRU, 10)) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 1000; i++) {
                    j.set("k" + i, VALUE);
                }
            }).hasMessageStartingWith("OOM ");
            assertThat(j.dbSize()).isBetween(200L, 300L);
        }
    }

    @Test
    void randomPoliciesEvictAtRandomWithinTheirKeys() throws Exception {
        try (Jedis j = start(133_000, Eviction.Policy.VOLATILE_RANDOM, 10)) {
            set(j, "forever", 0, 200, 0);
            set(j, "ttl", 0, 600, 1000);
            assertThat(present(j, "forever", 0, 200)).isEqualTo(200);
            assertThat(present(j, "ttl", 0, 600)).isLessThan(600);
            assertThat(used(j)).isLessThanOrEqualTo(133_000 + 300);
        }
        stop();
        server = null;
        try (Jedis j = start(133_000, Eviction.Policy.ALLKEYS_RANDOM, 10)) {
            set(j, "a", 0, 1000, 0);
            List<Integer> left = new ArrayList<>();
            left.add(present(j, "a", 0, 500));
            left.add(present(j, "a", 500, 1000));
            assertThat(left.get(0) + left.get(1)).isLessThan(1000);
            assertThat(left.get(0)).isPositive(); // not just the oldest half: at random
        }
    }
    @Test
    void objectIdletimeReadsTheLruClockWithoutTouchingItAndFreqIsRefusedWithoutLfu() throws Exception {
        try (Jedis j = start(0, Eviction.Policy.ALLKEYS_LRU, 10)) {
            j.set("k", "v");
            j.set("other", "v");
            // the clock ticks in seconds, so "just now" reads 0 or 1
            assertThat(j.objectIdletime("k")).isBetween(0L, 1L);
            // OBJECT itself is no access: the idle time grows while it is asked
            await().atMost(Duration.ofSeconds(10)).until(() -> j.objectIdletime("k") >= 2);
            assertThat(j.objectIdletime("other")).isGreaterThanOrEqualTo(2);
            j.get("k");
            assertThat(j.objectIdletime("k")).isBetween(0L, 1L);
            assertThat(j.objectIdletime("missing")).isNull();
            assertThatThrownBy(() -> j.objectFreq("k")).hasMessage("ERR An LFU maxmemory policy is not selected,"
                    + " access frequency not tracked. Please note that when switching between policies at runtime LRU"
                    + " and LFU data will take some time to adjust.");
        }
    }

    @Test
    void objectFreqReadsTheLfuCounterAndIdletimeIsRefusedUnderLfu() throws Exception {
        try (Jedis j = start(0, Eviction.Policy.ALLKEYS_LFU, 0)) {
            j.set("k", "v");
            long fresh = j.objectFreq("k");
            assertThat(fresh).isEqualTo(5); // LFU_INIT_VAL, as Redis gives a new key
            assertThat(j.objectFreq("k")).as("OBJECT FREQ is no access").isEqualTo(fresh);
            Pipeline p = j.pipelined();
            for (int i = 0; i < 50; i++) {
                p.get("k");
            }
            p.sync();
            // with lfu_log_factor 0 every access increments the counter
            assertThat(j.objectFreq("k")).isEqualTo(fresh + 50);
            assertThatThrownBy(() -> j.objectIdletime("k")).hasMessage("ERR An LFU maxmemory policy is selected,"
                    + " idle time not tracked. Please note that when switching between policies at runtime LRU and"
                    + " LFU data will take some time to adjust.");
        }
    }
}
