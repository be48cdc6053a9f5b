package io.wharf.kv;

import io.wharf.core.Model;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The later command families with the tools users point at Redis: redis-cli (sorted sets, pub/sub replies,
 * {@code -3}), a quick {@code redis-benchmark} whose every default test must answer without error, Jedis
 * transactions (WATCH retried under contention loses no increment), MONITOR's lines, SLOWLOG entries, and
 * CLIENT LIST, KILL and REPLY as a user drives them.
 */
@Timeout(120)
class KvToolsTest {

    @RegisterExtension
    final KvTestServer kv = new KvTestServer();

    private static Path tool(String name) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static String run(String tool, InetSocketAddress a, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(tool(tool).toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(a.getPort())));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, names = {"EVENT", "THREAD"})
    void redisCliAndRedisBenchmarkWork(Model model) throws Exception {
        assumeTrue(tool("redis-cli") != null && tool("redis-benchmark") != null, "redis-tools is not installed");
        InetSocketAddress a = kv.start(model);
        assertThat(run("redis-cli", a, "ZADD board 10 ann 20 bob 15 cy\nZRANGE board 0 -1 WITHSCORES\nZINCRBY board 1.5 ann\n"
                + "ZREVRANK board bob\nZSCORE board nobody\n"))
                .isEqualTo("3\nann\n10\ncy\n15\nbob\n20\n11.5\n0\n\n");
        assertThat(run("redis-cli", a, null, "-3", "ZRANGE", "board", "0", "0", "WITHSCORES"))
                .isEqualTo("ann\n11.5\n");
        assertThat(run("redis-cli", a, "MULTI\nINCR c\nINCR c\nEXEC\n")).isEqualTo("OK\nQUEUED\nQUEUED\n1\n2\n");
        assertThat(run("redis-cli", a, null, "PUBLISH", "ch", "x")).isEqualTo("0\n");
        // every default test of redis-benchmark, briefly: each must report a rate, none an error
        String bench = run("redis-benchmark", a, null, "-n", "2000", "-c", "10", "-q");
        for (String test : List.of("PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "LPUSH", "RPUSH", "LPOP", "RPOP",
                "SADD", "HSET", "SPOP", "ZADD", "ZPOPMIN", "LRANGE_100", "LRANGE_600", "MSET")) {
            assertThat(bench).as(bench).containsPattern("(?m)^" + test + "[^\\n]*requests per second");
        }
        assertThat(bench).doesNotContainIgnoringCase("error");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL", "THREAD", "POOL"})
    void jedisTransactionsAndWatchUnderContention(Model model) throws Exception {
        InetSocketAddress a = kv.start(model);
        try (Jedis j = new Jedis(a.getHostString(), a.getPort())) {
            Transaction t = j.multi();
            Response<String> set = t.set("k", "1");
            Response<Long> incr = t.incr("k");
            Response<Long> bad = t.lpush("k", "x");
            List<Object> results = t.exec();
            assertThat(results).hasSize(3);
            assertThat(set.get()).isEqualTo("OK");
            assertThat(incr.get()).isEqualTo(2);
            assertThatThrownBy(bad::get).isInstanceOf(JedisDataException.class).hasMessageStartingWith("WRONGTYPE");
            j.set("counter", "0");
        }
        int clients = 4;
        int each = 100;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> retries = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                retries.add(pool.submit(() -> {
                    int aborted = 0;
                    try (Jedis j = new Jedis(a.getHostString(), a.getPort())) {
                        for (int i = 0; i < each; i++) {
                            for (;;) {
                                j.watch("counter");
                                long v = Long.parseLong(j.get("counter"));
                                Transaction t = j.multi();
                                t.set("counter", Long.toString(v + 1));
                                if (t.exec() != null) {
                                    break;
                                }
                                aborted++;
                            }
                        }
                    }
                    return aborted;
                }));
            }
            for (Future<Integer> f : retries) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Jedis j = new Jedis(a.getHostString(), a.getPort())) {
            assertThat(j.get("counter")).isEqualTo(Integer.toString(clients * each));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, names = {"EVENT"})
    void zscanWalksALargeSortedSetStepByStep(Model model) throws Exception {
        InetSocketAddress a = kv.start(model);
        try (Jedis j = new Jedis(a.getHostString(), a.getPort())) {
            java.util.Map<String, Double> members = new java.util.HashMap<>();
            for (int i = 0; i < 1000; i++) {
                members.put("m" + i, i / 4.0);
            }
            j.zadd("big", members);
            assertThat(j.objectEncoding("big")).isEqualTo("skiplist");
            java.util.Map<String, Double> seen = new java.util.HashMap<>();
            String cursor = "0";
            int steps = 0;
            do {
                var page = j.zscan("big", cursor, new redis.clients.jedis.params.ScanParams().count(50));
                page.getResult().forEach(t -> seen.put(t.getElement(), t.getScore()));
                cursor = page.getCursor();
                steps++;
            } while (!cursor.equals("0"));
            assertThat(seen).isEqualTo(members);
            assertThat(steps).as("a large set is walked in steps, not in one reply").isGreaterThan(5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, names = {"EVENT", "THREAD"})
    void monitorSlowlogAndClientCommands(Model model) throws Exception {
        InetSocketAddress a = kv.start(model);
        try (RawRedis monitor = new RawRedis(a); RawRedis c = new RawRedis(a); RawRedis admin = new RawRedis(a)) {
            assertThat(monitor.call("MONITOR")).isEqualTo("+OK\r\n");
            c.call("SET", "k", "a \"quoted\"\n\u0001");
            assertThat(monitor.reply()).matches("\\+\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:\\d+\\] \"SET\" \"k\" "
                    + "\"a \\\\\"quoted\\\\\"\\\\n\\\\x01\"\r\n");
            assertThat(admin.call("CONFIG", "SET", "slowlog-log-slower-than", "0")).isEqualTo("+OK\r\n");
            c.call("CLIENT", "SETNAME", "worker");
            c.call("GET", "k");
            String log = admin.call("SLOWLOG", "GET", "1");
            assertThat(log).startsWith("*1\r\n*6\r\n:").contains("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n")
                    .endsWith("\r\n$6\r\nworker\r\n");
            assertThat(admin.call("SLOWLOG", "RESET")).isEqualTo("+OK\r\n");
            String list = admin.call("CLIENT", "LIST");
            assertThat(list).contains("name=worker ", "flags=O ", "cmd=client|list ");
            String id = c.call("CLIENT", "ID").substring(1).trim();
            // CLIENT REPLY SKIP answers nothing, nor the command after it: PING's +PONG is the next reply
            c.send(RawRedis.encode(List.of("CLIENT", "REPLY", "SKIP")));
            c.send(RawRedis.encode(List.of("SET", "skipped", "1")));
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            // INFO commandstats and errorstats count as Redis counts
            admin.call("CONFIG", "RESETSTAT");
            admin.call("GET", "k");
            admin.call("INCR", "k");
            admin.call("NOSUCH");
            admin.call("GET");
            String stats = admin.call("INFO", "commandstats");
            assertThat(stats).contains("# Commandstats\r\n", "cmdstat_get:calls=1,", ",rejected_calls=1,failed_calls=0\r\n",
                    "cmdstat_incr:calls=1,").containsPattern("cmdstat_incr:calls=1,usec=\\d+,usec_per_call=[\\d.]+,"
                    + "rejected_calls=0,failed_calls=1\r\n");
            assertThat(admin.call("INFO", "errorstats")).contains("errorstat_ERR:count=3\r\n");
            assertThat(admin.call("INFO")).contains("# Errorstats").doesNotContain("# Commandstats");
            assertThat(admin.call("INFO", "all")).contains("# Commandstats", "total_error_replies:3\r\n");
            admin.call("CONFIG", "RESETSTAT");
            admin.call("MGET", "k", "nokey", "nokey2");
            admin.call("SET", "nokey3", "v");
            assertThat(admin.call("INFO", "stats")).contains("keyspace_hits:1\r\nkeyspace_misses:2\r\n");
            // HELP lists what wharf has, in Redis's words
            assertThat(admin.call("OBJECT", "HELP")).contains("+ENCODING <key>\r\n", "+IDLETIME <key>\r\n", "+HELP\r\n");
            assertThat(admin.call("CLIENT", "HELP")).contains("+UNBLOCK <clientid> [TIMEOUT|ERROR]\r\n")
                    .doesNotContain("TRACKING");
            assertThat(admin.call("COMMAND", "HELP")).contains("+(no subcommand)\r\n", "+DOCS [<command-name> ...]\r\n")
                    .doesNotContain("GETKEYS");
            assertThat(admin.call("CLIENT", "KILL", "ID", id)).isEqualTo(":1\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> !admin.call("CLIENT", "LIST").contains("name=worker "));
        }
    }
}
