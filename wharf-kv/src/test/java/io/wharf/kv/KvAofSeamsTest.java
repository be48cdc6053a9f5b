package io.wharf.kv;

import io.wharf.core.Model;
import io.wharf.kv.persist.AppendOnlyFile;
import io.wharf.kv.persist.PersistSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.resps.Tuple;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Where the commands meet the AOF: sorted sets survive a restart (logged, and in a rewritten base), a MULTI/EXEC
 * block is logged as one and dropped whole when a crash cuts it, a served BLPOP is logged as the LPOP after the
 * push that served it, SPOP as the SREM of what it picked, and commands that changed nothing are not logged.
 */
@Timeout(120)
class KvAofSeamsTest {

    @TempDir
    Path dir;

    private Path incr(int seq) {
        return dir.resolve("appendonlydir").resolve("appendonly.aof." + seq + ".incr.aof");
    }

    private String incrText(int seq) throws Exception {
        return Files.readString(incr(seq), StandardCharsets.ISO_8859_1);
    }

    private static String resp(String... argv) {
        StringBuilder b = new StringBuilder("*").append(argv.length).append("\r\n");
        for (String a : argv) {
            b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return b.toString();
    }

    private static void fillZsets(Jedis j) {
        j.zadd("z", Map.of("a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0));
        j.zincrby("z", 10, "a");
        j.zrem("z", "b");
        j.zpopmin("z");
        for (int i = 0; i < 200; i++) {
            j.zadd("big", i, "m" + i);
        }
        j.zadd("inf", Double.POSITIVE_INFINITY, "up");
        j.zadd("other", Map.of("a", 5.0, "x", 1.0));
        j.zunionstore("union", "z", "other");
        j.zremrangeByScore("big", 0, 49);
    }

    private static void checkZsets(Jedis j) {
        assertThat(j.zrangeWithScores("z", 0, -1)).containsExactly(new Tuple("d", 4.0), new Tuple("a", 11.0));
        assertThat(j.zcard("big")).isEqualTo(150);
        assertThat(j.zrank("big", "m50")).isZero();
        assertThat(j.objectEncoding("big")).isEqualTo("skiplist");
        assertThat(j.zscore("inf", "up")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(j.zrangeWithScores("union", 0, -1))
                .containsExactly(new Tuple("x", 1.0), new Tuple("d", 4.0), new Tuple("a", 16.0));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR"})
    void sortedSetsSurviveARestartFromTheLogAndFromARewrittenBase(Model model) throws Exception {
        PersistSettings s = KvPersistServer.aof(dir, AppendOnlyFile.Fsync.ALWAYS);
        try (KvPersistServer server = KvPersistServer.start(s, model); Jedis j = server.jedis()) {
            fillZsets(j);
        }
        assertThat(incrText(1)).contains(resp("ZINCRBY", "z", "10.0", "a")).contains(resp("ZPOPMIN", "z"));
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            checkZsets(j);
            // the rewrite writes the sorted sets into the base RDB; one write after it goes to the new incr file
            assertThat(j.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
            server.service.state().persistence().rewrite().await();
            j.zadd("after", 1, "one");
        }
        assertThat(incrText(2)).contains(resp("ZADD", "after", "1.0", "one")).doesNotContain("ZINCRBY");
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            checkZsets(j);
            assertThat(j.zscore("after", "one")).isEqualTo(1.0);
        }
    }

    @Test
    void aTransactionIsLoggedAsOneBlockAndReplayedWhole() throws Exception {
        PersistSettings s = KvPersistServer.aof(dir, AppendOnlyFile.Fsync.ALWAYS);
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            j.set("before", "1");
            Transaction tx = j.multi();
            tx.set("t1", "a");
            tx.incr("counter");
            tx.get("t1");
            tx.setnx("t1", "ignored"); // changes nothing: not logged
            tx.expire("t1", 100);
            assertThat(tx.exec()).hasSize(5);
            // a transaction that changes nothing leaves no MULTI in the log
            Transaction reads = j.multi();
            reads.get("t1");
            reads.exists("nothing");
            assertThat(reads.exec()).hasSize(2);
        }
        String log = incrText(1);
        int multi = log.indexOf(resp("MULTI"));
        int exec = log.indexOf(resp("EXEC"));
        assertThat(multi).isPositive();
        assertThat(log.indexOf(resp("MULTI"), multi + 1)).as("one block only").isNegative();
        assertThat(log.substring(multi, exec)).contains(resp("SET", "t1", "a")).contains(resp("INCR", "counter"))
                .contains("PEXPIREAT").doesNotContain("ignored").doesNotContain("GET");
        assertThat(log.indexOf(resp("SET", "before", "1"))).isLessThan(multi);
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            assertThat(j.get("t1")).isEqualTo("a");
            assertThat(j.get("counter")).isEqualTo("1");
            assertThat(j.ttl("t1")).isBetween(90L, 100L);
        }
        // a crash in the middle of the block: the file ends before its EXEC, and the whole block is dropped
        try (FileChannel f = FileChannel.open(incr(1), StandardOpenOption.WRITE)) {
            f.truncate(exec);
        }
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            assertThat(j.get("before")).isEqualTo("1");
            assertThat(j.exists("t1")).isFalse();
            assertThat(j.exists("counter")).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, names = {"EVENT", "THREAD"})
    void aServedBlpopIsLoggedAsItsPopAfterThePushAndReplaysSo(Model model) throws Exception {
        PersistSettings s = KvPersistServer.aof(dir, AppendOnlyFile.Fsync.ALWAYS);
        try (KvPersistServer server = KvPersistServer.start(s, model);
             Jedis waiting = server.jedis(); Jedis pusher = server.jedis()) {
            CompletableFuture<List<String>> popped = CompletableFuture.supplyAsync(() -> waiting.blpop(0, "q"));
            await().until(() -> pusher.info("clients").contains("blocked_clients:1"));
            pusher.rpush("q", "x", "y");
            assertThat(popped.get()).containsExactly("q", "x");
            // a BLPOP that times out changed nothing
            assertThat(waiting.blpop(0.01, "empty")).isNull();
            // a blocking pop that need not block is logged as its pop too
            assertThat(waiting.brpop(1, "q")).containsExactly("q", "y");
        }
        String log = incrText(1);
        assertThat(log).doesNotContain("BLPOP").doesNotContain("BRPOP").doesNotContain("empty");
        int push = log.indexOf(resp("RPUSH", "q", "x", "y"));
        assertThat(push).isPositive();
        assertThat(log.indexOf(resp("LPOP", "q"))).isGreaterThan(push);
        assertThat(log).contains(resp("RPOP", "q"));
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            assertThat(j.exists("q")).isFalse();
        }
    }

    @Test
    void spopIsLoggedAsTheSremOfWhatItPickedAndSrandmemberNotAtAll() throws Exception {
        PersistSettings s = KvPersistServer.aof(dir, AppendOnlyFile.Fsync.ALWAYS);
        Set<String> left;
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            j.sadd("s", "a", "b", "c", "d", "e", "f");
            String one = j.spop("s");
            Set<String> two = j.spop("s", 2);
            assertThat(j.srandmember("s", 2)).hasSize(2);
            assertThat(j.spop("missing")).isNull();
            left = new HashSet<>(j.smembers("s"));
            assertThat(left).hasSize(3).doesNotContain(one).doesNotContainAnyElementsOf(two);
            String log = incrText(1);
            assertThat(log).doesNotContain("SPOP").doesNotContain("SRANDMEMBER").doesNotContain("missing")
                    .contains(resp("SREM", "s", one));
        }
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            assertThat(j.smembers("s")).isEqualTo(left);
        }
    }

    @Test
    void configShowsThePersistenceParametersAndSetsAppendfsyncLive() throws Exception {
        PersistSettings s = KvPersistServer.aof(dir, AppendOnlyFile.Fsync.EVERYSEC);
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            assertThat(j.configGet("append*")).containsEntry("appendonly", "yes").containsEntry("appendfsync", "everysec")
                    .containsEntry("appendfilename", "appendonly.aof").containsEntry("appenddirname", "appendonlydir");
            assertThat(j.configGet("maxmemory*")).containsEntry("maxmemory", "0")
                    .containsEntry("maxmemory-policy", "noeviction").containsEntry("maxmemory-samples", "5");
            assertThat(j.configGet("save")).containsEntry("save", "");
            assertThat(j.configSet("appendfsync", "always")).isEqualTo("OK");
            assertThat(j.configGet("appendfsync")).containsEntry("appendfsync", "always");
            AppendOnlyFile aof = server.service.state().persistence().aof();
            assertThat(aof.fsync()).isEqualTo(AppendOnlyFile.Fsync.ALWAYS);
            for (int i = 0; i < 20; i++) {
                j.set("k" + i, "v");
                // under always the reply comes after the fsync, so the write is synced by then
                assertThat(aof.mustWait(server.service.state().persistence().aof().written())).isFalse();
            }
            assertThatThrownBy(() -> j.configSet("appendfsync", "sometimes")).hasMessage("ERR CONFIG SET failed"
                    + " (possibly related to argument 'appendfsync') - argument(s) must be one of the following:"
                    + " always, everysec, no");
            assertThatThrownBy(() -> j.configSet("appendfilename", "other.aof")).hasMessage("ERR CONFIG SET failed"
                    + " (possibly related to argument 'appendfilename') - can't set immutable config");
        }
        try (KvPersistServer server = KvPersistServer.start(s, Model.EVENT); Jedis j = server.jedis()) {
            assertThat(j.get("k19")).isEqualTo("v");
        }
    }

    @Test
    void configSetAppendonlyTurnsTheAofOnWithARewriteOfTheDataAndOffAgain() throws Exception {
        try (KvPersistServer server = KvPersistServer.start(KvPersistServer.rdb(dir), Model.EVENT);
             Jedis j = server.jedis()) {
            for (int i = 0; i < 1000; i++) {
                j.set("before" + i, "v" + i);
            }
            assertThat(j.configGet("appendonly")).containsEntry("appendonly", "no");
            assertThatThrownBy(() -> j.configSet("appendonly", "maybe")).hasMessage("ERR CONFIG SET failed"
                    + " (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'");
            assertThat(j.configSet("appendonly", "yes")).isEqualTo("OK");
            assertThat(j.configGet("appendonly")).containsEntry("appendonly", "yes");
            j.set("after", "1");
            j.del("before0");
            // the base holds the data as it was when the AOF went on; the manifest lists it once it is whole
            await().atMost(java.time.Duration.ofSeconds(20)).until(() -> j.info("persistence")
                    .contains("aof_rewrite_in_progress:0"));
            assertThat(j.info("persistence")).contains("aof_enabled:1").contains("aof_last_bgrewrite_status:ok");
            server.service.state().persistence().aof().flushAndSync();
        }
        PersistSettings on = KvPersistServer.aof(dir, AppendOnlyFile.Fsync.EVERYSEC);
        try (KvPersistServer server = KvPersistServer.start(on, Model.EVENT); Jedis j = server.jedis()) {
            assertThat(j.dbSize()).isEqualTo(1000);
            assertThat(j.get("before0")).isNull();
            assertThat(j.get("before999")).isEqualTo("v999");
            assertThat(j.get("after")).isEqualTo("1");
            assertThat(j.configSet("appendonly", "no")).isEqualTo("OK");
            assertThat(j.info("persistence")).contains("aof_enabled:0");
            j.set("unlogged", "x"); // the AOF is off: this write is in no file
            assertThat(j.configSet("appendonly", "yes")).isEqualTo("OK"); // again: the old files are replaced
            await().atMost(java.time.Duration.ofSeconds(20)).until(() -> j.info("persistence")
                    .contains("aof_rewrite_in_progress:0"));
            j.set("last", "2");
            server.service.state().persistence().aof().flushAndSync();
        }
        try (KvPersistServer server = KvPersistServer.start(on, Model.EVENT); Jedis j = server.jedis()) {
            assertThat(j.mget("unlogged", "last", "after")).containsExactly("x", "2", "1");
            assertThat(j.dbSize()).isEqualTo(1002);
            try (var files = Files.list(dir.resolve("appendonlydir"))) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".base.")).toList())
                        .hasSize(1);
            }
        }
    }
}
