package io.wharf.kv;

import io.wharf.core.Model;
import io.wharf.kv.persist.AppendOnlyFile;
import io.wharf.kv.persist.PersistSettings;
import io.wharf.kv.persist.PersistenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The AOF in-process: every type survives a restart, writes are logged as Redis logs them (relative times as
 * absolute, INCRBYFLOAT as SET, no-ops not at all), a tail cut by a crash loads what is whole, a corrupt file
 * stops start-up naming the file and offset, and BGREWRITEAOF compacts without losing writes made meanwhile.
 */
@Timeout(120)
class KvAofTest {

    @TempDir
    Path dir;

    private Path incr(int seq) {
        return dir.resolve("appendonlydir").resolve("appendonly.aof." + seq + ".incr.aof");
    }

    private String incrText(int seq) throws Exception {
        return Files.readString(incr(seq), StandardCharsets.ISO_8859_1);
    }

    private static void fill(Jedis j) {
        j.set("s", "hello");
        j.setex("ttl", 1000, "v");
        j.incr("n");
        j.incrByFloat("f", 10.5);
        j.incrByFloat("f", 0.1);
        j.hset("h", Map.of("a", "1", "b", "2"));
        j.rpush("l", "x", "y", "z");
        j.lpop("l");
        j.sadd("set", "m1", "m2", "3");
        j.expire("s", 500);
        j.select(3);
        j.set("in3", "three");
        j.select(0);
        j.setnx("s", "ignored");
        j.del("missing");
    }

    private static void check(Jedis j) {
        assertThat(j.get("s")).isEqualTo("hello");
        assertThat(j.ttl("s")).isBetween(490L, 500L);
        assertThat(j.ttl("ttl")).isBetween(990L, 1000L);
        assertThat(j.get("n")).isEqualTo("1");
        assertThat(j.get("f")).isEqualTo("10.6");
        assertThat(j.hgetAll("h")).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(j.lrange("l", 0, -1)).containsExactly("y", "z");
        assertThat(j.smembers("set")).containsExactlyInAnyOrder("m1", "m2", "3");
        j.select(3);
        assertThat(j.get("in3")).isEqualTo("three");
        j.select(0);
    }

    @Test
    void everyTypeSurvivesARestartAndIsLoggedAsRedisLogsIt() throws Exception {
        PersistSettings s = KvPersistServer.aof(dir, AppendOnlyFile.Fsync.EVERYSEC);
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            fill(j);
        }
        String log = incrText(1);
        assertThat(log).contains("PEXPIREAT").doesNotContain("$6\r\nEXPIRE\r\n").doesNotContain("SETEX")
                .doesNotContain("INCRBYFLOAT").contains("$7\r\nKEEPTTL\r\n").doesNotContain("ignored")
                .doesNotContain("missing").contains("*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n");
        assertThat(Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest")))
                .isEqualTo("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            check(j);
            assertThat(j.info("persistence")).contains("aof_enabled:1").contains("aof_last_write_status:ok")
                    .contains("rdb_changes_since_last_save:0");
        }
    }

    @Test
    void aKeyThatExpiredIsDeletedInTheLogAndStaysDeletedAfterReload() throws Exception {
        PersistSettings s = KvPersistServer.aof(dir, AppendOnlyFile.Fsync.EVERYSEC);
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            j.psetex("gone", 1, "v");
            org.awaitility.Awaitility.await().until(() -> j.get("gone") == null);
            j.set("after", "1");
        }
        assertThat(incrText(1)).contains("*2\r\n$3\r\nDEL\r\n$4\r\ngone\r\n");
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            assertThat(j.exists("gone")).isFalse();
            assertThat(j.get("after")).isEqualTo("1");
        }
    }

    @Test
    void aTailCutByACrashLoadsWhatIsWholeAndIsCutBack() throws Exception {
        PersistSettings s = KvPersistServer.aof(dir, AppendOnlyFile.Fsync.ALWAYS);
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            j.set("a", "1");
            j.set("b", "2");
        }
        long whole = Files.size(incr(1));
        Files.write(incr(1), "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1".getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.APPEND);
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            assertThat(j.mget("a", "b", "c")).containsExactly("1", "2", null);
            assertThat(Files.size(incr(1))).isEqualTo(whole);
            j.set("d", "4");
        }
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            assertThat(j.mget("a", "b", "d")).containsExactly("1", "2", "4");
        }
    }

    @Test
    void aTruncatedTailStopsStartUpWhenNotAllowed() throws Exception {
        PersistSettings s = KvPersistServer.aof(dir, AppendOnlyFile.Fsync.ALWAYS);
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            j.set("a", "1");
        }
        Files.write(incr(1), "*2\r\n$3\r\nDEL".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        PersistSettings strict = new PersistSettings(dir, "dump.rdb", s.save(), true, true, true, "appendonly.aof",
                "appendonlydir", AppendOnlyFile.Fsync.ALWAYS, false, 0, 1);
        assertThatThrownBy(() -> KvPersistServer.start(strict, Model.EVENT)).isInstanceOf(PersistenceException.class)
                .hasMessageContaining("appendonly.aof.1.incr.aof: the AOF ends inside a command")
                .hasMessageContaining("aof_load_truncated");
    }

    @Test
    void aCorruptFileStopsStartUpNamingTheFileAndOffset() throws Exception {
        PersistSettings s = KvPersistServer.aof(dir, AppendOnlyFile.Fsync.ALWAYS);
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            j.set("a", "1");
        }
        long at = Files.size(incr(1));
        Files.write(incr(1), "garbage\r\n*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.APPEND);
        assertThatThrownBy(() -> KvPersistServer.start(s, Model.EVENT)).isInstanceOf(PersistenceException.class)
                .hasMessageContaining(incr(1) + ": corrupt AOF at byte " + at + ": expected '*' starting a command, found 'g'");
    }

    @Test
    void bgrewriteaofCompactsAndKeepsWritesMadeDuringIt() throws Exception {
        PersistSettings s = KvPersistServer.aof(dir, AppendOnlyFile.Fsync.EVERYSEC);
        try (KvPersistServer server = KvPersistServer.start(s, Model.REACTOR); Jedis j = server.jedis()) {
            fill(j);
            Pipeline p = j.pipelined();
            for (int i = 0; i < 20_000; i++) {
                p.incr("counter");
                p.rpush("big", Integer.toString(i));
            }
            p.sync();
            ExecutorService writer = Executors.newSingleThreadExecutor();
            Future<?> during;
            try (Jedis w = server.jedis()) {
                during = writer.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        w.incr("counter");
                        w.rpush("big", "late" + i);
                    }
                });
                assertThat(j.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
                during.get();
            } finally {
                writer.shutdown();
            }
            server.service.state().persistence().rewrite().await();
            assertThat(j.info("persistence")).contains("aof_rewrites:1").contains("aof_last_bgrewrite_status:ok");
            assertThat(Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest")))
                    .isEqualTo("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n");
            assertThat(dir.resolve("appendonlydir/appendonly.aof.1.base.rdb")).doesNotExist();
            assertThat(incr(1)).doesNotExist();
            j.set("last", "x");
        }
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            check(j);
            assertThat(j.get("counter")).isEqualTo("22000");
            assertThat(j.llen("big")).isEqualTo(22_000);
            assertThat(j.lindex("big", -1)).isEqualTo("late1999");
            assertThat(j.get("last")).isEqualTo("x");
        }
    }

    @Test
    void anAofDirectoryRedisServerWroteLoadsIntoWharf() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(RedisServerProcess.binary() != null,
                "redis-server not installed (apt-get install redis-server)");
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", dir.toString(), "--appendonly", "yes",
                "--appendfsync", "always");
             Jedis j = new Jedis(new redis.clients.jedis.HostAndPort("127.0.0.1", redis.address().getPort()))) {
            j.set("before", "1");
            assertThat(j.bgrewriteaof()).contains("rewriting");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> j.info("persistence").contains("aof_rewrite_in_progress:0")
                            && j.info("persistence").contains("aof_rewrites:1"));
            fill(j); // after the rewrite: in Redis's incr file
        }
        try (KvPersistServer server = KvPersistServer.start(KvPersistServer.aof(dir, AppendOnlyFile.Fsync.EVERYSEC),
                Model.EVENT); Jedis j = server.jedis()) {
            check(j);
            assertThat(j.get("before")).isEqualTo("1");
        }
    }

    @Test
    void redisServerLoadsTheAofDirectoryWharfWrote() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(RedisServerProcess.binary() != null,
                "redis-server not installed (apt-get install redis-server)");
        PersistSettings s = KvPersistServer.aof(dir, AppendOnlyFile.Fsync.EVERYSEC);
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            j.set("before", "1");
            j.bgrewriteaof();
            server.service.state().persistence().rewrite().await();
            fill(j);
        }
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", dir.toString(), "--appendonly", "yes");
             Jedis j = new Jedis(new redis.clients.jedis.HostAndPort("127.0.0.1", redis.address().getPort()))) {
            check(j);
            assertThat(j.get("before")).isEqualTo("1");
        }
    }

    @Test
    void theAofIsRewrittenByItselfOnceItHasGrownEnough() throws Exception {
        PersistSettings auto = new PersistSettings(dir, "dump.rdb", io.wharf.kv.persist.SaveRules.NONE, true, true,
                true, "appendonly.aof", "appendonlydir", AppendOnlyFile.Fsync.EVERYSEC, true, 100, 4096);
        try (KvPersistServer server = KvPersistServer.start(auto, Model.EVENT); Jedis j = server.jedis()) {
            for (int i = 0; i < 200; i++) {
                j.incr("n"); // 200 commands, one key: a rewrite shrinks them to one
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> j.info("persistence").contains("aof_rewrites:1"));
            server.service.state().persistence().rewrite().await();
            assertThat(j.info("persistence")).contains("aof_last_bgrewrite_status:ok");
            j.incr("n");
        }
        assertThat(Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest"))).contains("seq 2 type b");
        try (KvPersistServer server = KvPersistServer.start(auto, Model.EVENT); Jedis j = server.jedis()) {
            assertThat(j.get("n")).isEqualTo("201");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL", "THREAD", "POOL"})
    void underAlwaysEveryAcknowledgedWriteIsOnDiskWhenItsReplyArrives(Model model) throws Exception {
        PersistSettings s = KvPersistServer.aof(dir, AppendOnlyFile.Fsync.ALWAYS);
        try (KvPersistServer server = KvPersistServer.start(s, model)) {
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> all = new java.util.ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    int id = c;
                    all.add(clients.submit(() -> {
                        try (Jedis j = server.jedis()) {
                            for (int i = 0; i < 100; i++) {
                                j.set("k" + id + ":" + i, "v" + i);
                                // the reply came after the fsync: the command is in the file already
                                String text = Files.readString(incr(1), StandardCharsets.ISO_8859_1);
                                assertThat(text).contains("$" + ("k" + id + ":" + i).length() + "\r\nk" + id + ":" + i + "\r\n");
                            }
                            Pipeline p = j.pipelined();
                            for (int i = 0; i < 500; i++) {
                                p.incr("shared");
                            }
                            p.sync();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : all) {
                    f.get();
                }
            } finally {
                clients.shutdown();
            }
        }
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            assertThat(j.get("shared")).isEqualTo("2000");
            assertThat(j.dbSize()).isEqualTo(401);
        }
    }
}
