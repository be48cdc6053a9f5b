package io.wharf.kv;

import io.wharf.core.Model;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * wharf serve kv against real clients, under every model that can run it: Jedis (RESP2 and RESP3, pipelined),
 * redis-cli (commands, {@code --pipe} mass insertion, {@code -3}), concurrent clients whose INCRs must all count,
 * and a pipeline far deeper than the output buffer, which back-pressure must carry without dropping the client.
 */
@Timeout(120)
class KvModelsTest {

    @RegisterExtension
    final KvTestServer kv = new KvTestServer();

    private static Jedis jedis(InetSocketAddress a, RedisProtocol protocol) {
        return new Jedis(new HostAndPort(a.getHostString(), a.getPort()),
                DefaultJedisClientConfig.builder().protocol(protocol).timeoutMillis(10_000).build());
    }

    @EveryKvModel
    void jedisWorksInBothProtocols(Model model) throws Exception {
        InetSocketAddress a = kv.start(model);
        for (RedisProtocol protocol : List.of(RedisProtocol.RESP2, RedisProtocol.RESP3)) {
            try (Jedis j = jedis(a, protocol)) {
                assertThat(j.ping()).isEqualTo("PONG");
                assertThat(j.set("k", "v")).isEqualTo("OK");
                assertThat(j.get("k")).isEqualTo("v");
                assertThat(j.get("nokey")).isNull();
                assertThat(j.incrBy("n", 5)).isEqualTo(5);
                assertThat(j.incrByFloat("f", 0.1)).isEqualTo(0.1);
                assertThat(j.set("t", "v", SetParams.setParams().ex(100).nx())).isEqualTo("OK");
                assertThat(j.ttl("t")).isEqualTo(100);
                assertThat(j.mset("a", "1", "b", "2")).isEqualTo("OK");
                assertThat(j.mget("a", "b", "nokey")).containsExactly("1", "2", null);
                assertThat(j.exists("a", "b", "c")).isEqualTo(2);
                assertThat(j.del("a", "b")).isEqualTo(2);
                assertThat(j.type("k")).isEqualTo("string");
                assertThat(j.dbSize()).isEqualTo(4);
                assertThat(j.clientId()).isPositive();
                assertThatThrownBy(() -> j.incr("k")).isInstanceOf(JedisDataException.class)
                        .hasMessage("ERR value is not an integer or out of range");
                assertThat(j.flushAll()).isEqualTo("OK");
            }
        }
    }

    @EveryKvModel
    void jedisPipelinesAndConcurrentIncrementsAreAtomic(Model model) throws Exception {
        InetSocketAddress a = kv.start(model);
        try (Jedis j = jedis(a, RedisProtocol.RESP2)) {
            Pipeline p = j.pipelined();
            List<Response<Long>> replies = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                replies.add(p.incr("counter"));
            }
            p.sync();
            assertThat(replies.get(9_999).get()).isEqualTo(10_000);
        }
        int clients = 8;
        int each = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    try (Jedis j = jedis(a, RedisProtocol.RESP2)) {
                        Pipeline p = j.pipelined();
                        for (int i = 0; i < each; i++) {
                            p.incr("shared");
                            p.append("log", "x");
                        }
                        p.sync();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Jedis j = jedis(a, RedisProtocol.RESP2)) {
            assertThat(j.get("shared")).isEqualTo(Integer.toString(clients * each));
            assertThat(j.strlen("log")).isEqualTo(clients * each);
        }
    }

    @EveryKvModel
    void aPipelineDeeperThanTheOutputBufferIsServedWholeByBackPressure(Model model) throws Exception {
        InetSocketAddress a = kv.start(model);
        String value = "v".repeat(1024);
        int depth = 20_000;
        try (RawRedis c = new RawRedis(a)) {
            assertThat(c.call("SET", "big", value)).isEqualTo("+OK\r\n");
            byte[] get = RawRedis.encode(List.of("GET", "big"));
            byte[] all = new byte[get.length * depth];
            for (int i = 0; i < depth; i++) {
                System.arraycopy(get, 0, all, i * get.length, get.length);
            }
            // 20 MiB of replies, far past max_outbox (1 MiB): only reading paused by back-pressure gets them through
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    c.send(all);
                } catch (IOException ignored) {
                    // the reads below fail too, and say why
                }
            });
            String expected = "$1024\r\n" + value + "\r\n";
            for (int i = 0; i < depth; i++) {
                assertThat(c.reply()).isEqualTo(expected);
            }
            writer.join();
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    private static Path redisCli() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, "redis-cli");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static String cli(InetSocketAddress a, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(redisCli().toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(a.getPort())));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @EveryKvModel
    void redisCliCommandsPipeAndResp3(Model model) throws Exception {
        assumeTrue(redisCli() != null, "redis-cli is not installed");
        InetSocketAddress a = kv.start(model);
        assertThat(cli(a, null, "PING")).isEqualTo("PONG\n");
        assertThat(cli(a, null, "SET", "greeting", "hello world")).isEqualTo("OK\n");
        assertThat(cli(a, null, "GET", "greeting")).isEqualTo("hello world\n");
        assertThat(cli(a, null, "GETRANGE", "greeting", "0", "4")).isEqualTo("hello\n");
        assertThat(cli(a, null, "INCR", "greeting")).startsWith("ERR value is not an integer or out of range\n");
        assertThat(cli(a, null, "COMMAND", "COUNT")).matches("\\d+\n");
        // commands from stdin, one a line, as a script would send them
        assertThat(cli(a, "SET n 10\nINCRBY n 5\nGET n\n")).isEqualTo("OK\n15\n15\n");
        // HELLO 3's map through RESP3
        assertThat(cli(a, null, "-3", "HELLO", "3")).contains("proto", "3", "7.0.15");
        assertThat(cli(a, null, "-3", "GET", "nokey")).isEqualTo("\n");
        // mass insertion, as redis-cli --pipe does it
        StringBuilder mass = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            mass.append(new String(RawRedis.encode(List.of("SET", "key:" + i, "value:" + i)), StandardCharsets.UTF_8));
        }
        assertThat(cli(a, mass.toString(), "--pipe")).contains("errors: 0, replies: 50000");
        assertThat(cli(a, null, "DBSIZE")).isEqualTo("50002\n");
        assertThat(cli(a, null, "GET", "key:49999")).isEqualTo("value:49999\n");
        assertThat(cli(a, null, "INFO", "keyspace")).contains("db0:keys=50002,expires=0,avg_ttl=0");
    }
}
