package io.wharf.kv;

import io.wharf.core.Model;
import io.wharf.kv.persist.AppendOnlyFile;
import io.wharf.kv.persist.PersistSettings;
import io.wharf.kv.persist.PersistenceException;
import io.wharf.kv.persist.SaveRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * RDB snapshots against Debian's Redis 7.0.15: a wharf snapshot of every type (sorted sets small and big, with
 * infinite scores, included) passes {@code redis-check-rdb}
 * and loads into {@code redis-server}, which reads back every key and TTL; a snapshot redis-server writes (in
 * its compact encodings: listpacks, intsets, quicklists, sorted set listpacks and skip lists, LZF, integers) loads
 * into wharf. Also BGSAVE, LASTSAVE,
 * the save rules, SHUTDOWN SAVE and a corrupt file.
 */
@Timeout(120)
class KvRdbTest {

    @TempDir
    Path dir;

    /** Writes every type in every encoding both servers use; the same calls against either. */
    private static void fill(Jedis j) {
        j.set("short", "hello");
        j.set("int8", "7");
        j.set("int16", "-1234");
        j.set("int32", "2000000000");
        j.set("int64", "9000000000000000000");
        j.set("notcanonical", "007");
        j.set("compressible", "abc".repeat(200));
        j.set("empty", "");
        j.set("binary", new String(new char[] {0, 1, 255, '\r', '\n'}));
        j.setex("ttl", 1000, "expiring");
        j.rpush("list", "a", "b", "1", "c");
        for (int i = 0; i < 300; i++) {
            j.rpush("biglist", "element-" + i + "-" + "y".repeat(i % 70));
        }
        j.sadd("intset", "5", "-3", "100000", "9000000000");
        j.sadd("strset", "x", "y", "z");
        for (int i = 0; i < 600; i++) {
            j.sadd("bigintset", Integer.toString(i * 7));
        }
        j.hset("hash", Map.of("f1", "v1", "f2", "22", "long-field-" + "q".repeat(30), "z".repeat(40)));
        for (int i = 0; i < 200; i++) {
            j.hset("bighash", "field" + i, "value" + i);
        }
        // sorted sets in both of Redis's encodings: a listpack (small), a skip list (many members, a long member)
        j.zadd("zset", Map.of("a", 1.0, "b", 2.5, "c", -3.0));
        for (int i = 0; i < 200; i++) {
            j.zadd("bigzset", i * 1.5, "member" + i);
        }
        j.zadd("zinf", Double.POSITIVE_INFINITY, "top");
        j.zadd("zinf", Double.NEGATIVE_INFINITY, "bottom");
        j.zadd("zinf", 0.1, "m".repeat(80));
        j.select(5);
        j.set("in5", "five");
        j.select(0);
    }

    private static void check(Jedis j) {
        assertThat(j.get("short")).isEqualTo("hello");
        assertThat(j.mget("int8", "int16", "int32", "int64", "notcanonical", "empty"))
                .containsExactly("7", "-1234", "2000000000", "9000000000000000000", "007", "");
        assertThat(j.get("compressible")).isEqualTo("abc".repeat(200));
        assertThat(j.get("binary")).isEqualTo(new String(new char[] {0, 1, 255, '\r', '\n'}));
        assertThat(j.ttl("ttl")).isBetween(990L, 1000L);
        assertThat(j.ttl("short")).isEqualTo(-1);
        assertThat(j.lrange("list", 0, -1)).containsExactly("a", "b", "1", "c");
        assertThat(j.llen("biglist")).isEqualTo(300);
        assertThat(j.lindex("biglist", 299)).isEqualTo("element-299-" + "y".repeat(299 % 70));
        assertThat(j.smembers("intset")).containsExactlyInAnyOrder("5", "-3", "100000", "9000000000");
        assertThat(j.smembers("strset")).containsExactlyInAnyOrder("x", "y", "z");
        assertThat(j.scard("bigintset")).isEqualTo(600);
        assertThat(j.sismember("bigintset", "4193")).isTrue();
        assertThat(j.hgetAll("hash")).isEqualTo(Map.of("f1", "v1", "f2", "22", "long-field-" + "q".repeat(30),
                "z".repeat(40)));
        Map<String, String> big = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            big.put("field" + i, "value" + i);
        }
        assertThat(j.hgetAll("bighash")).isEqualTo(big);
        assertThat(j.type("intset")).isEqualTo("set");
        assertThat(j.zrange("zset", 0, -1)).containsExactly("c", "a", "b");
        assertThat(j.zscore("zset", "b")).isEqualTo(2.5);
        assertThat(j.objectEncoding("zset")).isEqualTo("listpack");
        assertThat(j.zcard("bigzset")).isEqualTo(200);
        assertThat(j.zscore("bigzset", "member199")).isEqualTo(298.5);
        assertThat(j.zrank("bigzset", "member100")).isEqualTo(100);
        assertThat(j.objectEncoding("bigzset")).isEqualTo("skiplist");
        assertThat(j.zrange("zinf", 0, -1)).containsExactly("bottom", "m".repeat(80), "top");
        assertThat(j.zscore("zinf", "top")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(j.zscore("zinf", "bottom")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(j.objectEncoding("zinf")).isEqualTo("skiplist");
        j.select(5);
        assertThat(j.get("in5")).isEqualTo("five");
        j.select(0);
        assertThat(j.dbSize()).isEqualTo(20);
    }

    private static Jedis jedis(java.net.InetSocketAddress a) {
        return new Jedis(new HostAndPort(a.getHostString(), a.getPort()),
                DefaultJedisClientConfig.builder().timeoutMillis(10_000).build());
    }

    private static Path tool(String name) {
        Path p = Path.of("/usr/bin", name);
        return Files.isExecutable(p) ? p : null;
    }

    @Test
    void aWharfSnapshotPassesRedisCheckRdbAndLoadsIntoRedisServer() throws Exception {
        assumeTrue(RedisServerProcess.binary() != null && tool("redis-check-rdb") != null,
                "redis-server / redis-check-rdb not installed (apt-get install redis-server)");
        try (KvPersistServer wharf = KvPersistServer.start(KvPersistServer.rdb(dir), Model.EVENT);
             Jedis j = wharf.jedis()) {
            fill(j);
            assertThat(j.save()).isEqualTo("OK");
        }
        Process check = new ProcessBuilder(tool("redis-check-rdb").toString(), dir.resolve("dump.rdb").toString())
                .redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as(report).isZero();
        assertThat(report).contains("RDB looks OK!").contains("21 keys read").contains("1 expires");
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", dir.toString(), "--dbfilename", "dump.rdb");
             Jedis j = jedis(redis.address())) {
            check(j);
        }
    }

    @Test
    void aRedisServerSnapshotLoadsIntoWharf() throws Exception {
        assumeTrue(RedisServerProcess.binary() != null, "redis-server not installed (apt-get install redis-server)");
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", dir.toString(), "--dbfilename", "dump.rdb");
             Jedis j = jedis(redis.address())) {
            fill(j);
            assertThat(j.objectEncoding("hash")).isEqualTo("listpack");
            assertThat(j.objectEncoding("intset")).isEqualTo("intset");
            assertThat(j.objectEncoding("biglist")).isEqualTo("quicklist");
            assertThat(j.save()).isEqualTo("OK");
        }
        try (KvPersistServer wharf = KvPersistServer.start(KvPersistServer.rdb(dir), Model.EVENT);
             Jedis j = wharf.jedis()) {
            check(j);
            assertThat(j.info("persistence")).contains("rdb_last_load_keys_loaded:21");
        }
    }

    @Test
    void bgsaveLastsaveAndTheSaveRules() throws Exception {
        PersistSettings rules = new PersistSettings(dir, "dump.rdb", SaveRules.parse("1 3"), true, true, false,
                "appendonly.aof", "appendonlydir", AppendOnlyFile.Fsync.EVERYSEC, true, 0, 1);
        try (KvPersistServer wharf = KvPersistServer.start(rules, Model.REACTOR); Jedis j = wharf.jedis()) {
            long before = j.lastsave();
            j.set("a", "1");
            j.set("b", "2");
            assertThat(j.info("persistence")).contains("rdb_changes_since_last_save:2");
            // two changes: below the rule's three, nothing is saved however long we wait; the third triggers it
            j.set("c", "3");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("dump.rdb"))
                    && j.info("persistence").contains("rdb_changes_since_last_save:0"));
            assertThat(j.lastsave()).isGreaterThanOrEqualTo(before);
            assertThat(j.info("persistence")).contains("rdb_saves:1").contains("rdb_last_bgsave_status:ok");
            j.set("d", "4");
            assertThat(j.bgsave()).isEqualTo("Background saving started");
            wharf.service.state().persistence().awaitBgsave();
        }
        try (KvPersistServer wharf = KvPersistServer.start(KvPersistServer.rdb(dir), Model.EVENT);
             Jedis j = wharf.jedis()) {
            assertThat(j.mget("a", "b", "c", "d")).containsExactly("1", "2", "3", "4");
        }
    }

    @Test
    void configSetSaveChangesTheRulesTheServerSavesBy() throws Exception {
        try (KvPersistServer wharf = KvPersistServer.start(KvPersistServer.rdb(dir), Model.EVENT);
             Jedis j = wharf.jedis()) {
            assertThat(j.configGet("save")).containsEntry("save", "");
            assertThatThrownBy(() -> j.configSet("save", "1 x")).hasMessageContaining("Invalid save parameters");
            j.set("a", "1");
            assertThat(j.configSet("save", "1 2")).isEqualTo("OK");
            assertThat(j.configGet("save")).containsEntry("save", "1 2");
            j.set("b", "2"); // the second change since start: the new rule saves within a second or so
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("dump.rdb"))
                    && j.info("persistence").contains("rdb_changes_since_last_save:0"));
            assertThat(j.configSet("save", "")).isEqualTo("OK");
            assertThat(j.configGet("save")).containsEntry("save", "");
        }
    }

    @Test
    void shutdownSaveWritesTheSnapshotAndStops() throws Exception {
        try (KvPersistServer wharf = KvPersistServer.start(KvPersistServer.rdb(dir), Model.EVENT);
             Jedis j = wharf.jedis()) {
            java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
            wharf.service.state().shutdownAction(stopped::countDown);
            j.set("kept", "yes");
            j.shutdown(redis.clients.jedis.params.ShutdownParams.shutdownParams().save()); // no reply: it closes
            assertThat(stopped.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(Files.exists(dir.resolve("dump.rdb"))).isTrue();
        }
        try (KvPersistServer wharf = KvPersistServer.start(KvPersistServer.rdb(dir), Model.EVENT);
             Jedis j = wharf.jedis()) {
            assertThat(j.get("kept")).isEqualTo("yes");
        }
    }

    @Test
    void aCorruptSnapshotStopsStartUpNamingTheFileAndOffset() throws Exception {
        try (KvPersistServer wharf = KvPersistServer.start(KvPersistServer.rdb(dir), Model.EVENT);
             Jedis j = wharf.jedis()) {
            j.set("k", "v".repeat(10));
            j.save();
        }
        Path file = dir.resolve("dump.rdb");
        byte[] b = Files.readAllBytes(file);
        b[b.length - 15] ^= 0x55; // inside the value: the checksum no longer matches
        Files.write(file, b);
        assertThatThrownBy(() -> KvPersistServer.start(KvPersistServer.rdb(dir), Model.EVENT))
                .isInstanceOf(PersistenceException.class)
                .hasMessageMatching(".*dump\\.rdb: corrupt RDB at byte \\d+: .*");
        Files.write(file, java.util.Arrays.copyOf(b, 20));
        assertThatThrownBy(() -> KvPersistServer.start(KvPersistServer.rdb(dir), Model.EVENT))
                .isInstanceOf(PersistenceException.class).hasMessageContaining("dump.rdb: the RDB file ends early");
    }

    @Test
    void aSnapshotIsTheDataAsItWasWhenTakenWhateverIsWrittenWhileItIsWritten() throws Exception {
        try (KvPersistServer wharf = KvPersistServer.start(KvPersistServer.rdb(dir), Model.EVENT);
             Jedis j = wharf.jedis()) {
            j.rpush("l", "1", "2");
            j.hset("h", "a", "1");
            j.sadd("s", "x");
            var ks = wharf.service.state().keyspace();
            io.wharf.kv.store.Snapshot snap;
            ks.lock().lock();
            try {
                snap = ks.snapshot();
            } finally {
                ks.lock().unlock();
            }
            j.rpush("l", "3");
            j.hset("h", "b", "2");
            j.sadd("s", "y");
            j.del("l");
            Set<String> seen = new HashSet<>();
            var db = snap.dbs()[0];
            for (int i = 0; i < db.size(); i++) {
                Object v = db.values()[i];
                String k = new String(db.keys()[i]);
                switch (v) {
                    case io.wharf.kv.store.ListValue l -> assertThat(l.size()).as(k).isEqualTo(2);
                    case io.wharf.kv.store.HashValue h -> assertThat(h.size()).as(k).isEqualTo(1);
                    case io.wharf.kv.store.SetValue s -> assertThat(s.members()).as(k).hasSize(1);
                    default -> { }
                }
                seen.add(k);
            }
            snap.close();
            assertThat(seen).containsExactlyInAnyOrder("l", "h", "s");
            assertThat(j.smembers("s")).containsExactlyInAnyOrder("x", "y");
            assertThat(j.hlen("h")).isEqualTo(2);
        }
    }
}
