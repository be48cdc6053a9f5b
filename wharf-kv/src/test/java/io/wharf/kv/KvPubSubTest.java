package io.wharf.kv;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.wharf.core.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pub/sub and blocking pops with Lettuce (RESP2 and RESP3) under every model, RESP2's subscribed mode byte for
 * byte, and the output limit: a subscriber that stops reading is dropped once its queued output passes the
 * pubsub class's hard limit, while the publisher goes on.
 */
@Timeout(60)
class KvPubSubTest {

    @RegisterExtension
    final KvTestServer kv = new KvTestServer();
    private RedisClient lettuce;

    @AfterEach
    void stop() {
        if (lettuce != null) {
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private RedisClient lettuce(InetSocketAddress a, ProtocolVersion protocol) {
        RedisClient c = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + a.getPort()));
        c.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        return c;
    }

    @EveryKvModel
    void lettuceSubscribersGetMessagesAndPatternMessages(Model model) throws Exception {
        InetSocketAddress a = kv.start(model, KvSettings.DEFAULTS);
        for (ProtocolVersion protocol : List.of(ProtocolVersion.RESP2, ProtocolVersion.RESP3)) {
            lettuce = lettuce(a, protocol);
            LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
            try (StatefulRedisPubSubConnection<String, String> sub = lettuce.connectPubSub();
                 StatefulRedisConnection<String, String> pub = lettuce.connect()) {
                sub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        got.add(channel + "=" + message);
                    }

                    @Override
                    public void message(String pattern, String channel, String message) {
                        got.add(pattern + ":" + channel + "=" + message);
                    }
                });
                sub.sync().subscribe("news");
                sub.sync().psubscribe("n*");
                assertThat(pub.sync().pubsubNumsub("news")).containsEntry("news", 1L);
                assertThat(pub.sync().pubsubNumpat()).isEqualTo(1);
                assertThat(pub.sync().publish("news", "hello")).isEqualTo(2);
                assertThat(pub.sync().publish("nope", "x")).isEqualTo(1);
                assertThat(pub.sync().publish("other", "x")).isZero();
                assertThat(List.of(got.poll(10, TimeUnit.SECONDS), got.poll(10, TimeUnit.SECONDS),
                        got.poll(10, TimeUnit.SECONDS))).containsExactly("news=hello", "n*:news=hello", "n*:nope=x");
                sub.sync().unsubscribe("news");
                sub.sync().punsubscribe("n*");
                assertThat(pub.sync().publish("news", "again")).isZero();
                assertThat(pub.sync().pubsubChannels()).isEmpty();
            }
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            lettuce = null;
        }
    }

    @EveryKvModel
    void lettuceBlockingPopIsServedByAPush(Model model) throws Exception {
        InetSocketAddress a = kv.start(model, KvSettings.DEFAULTS);
        lettuce = lettuce(a, ProtocolVersion.RESP3);
        try (StatefulRedisConnection<String, String> waiter = lettuce.connect();
             StatefulRedisConnection<String, String> pusher = lettuce.connect()) {
            CompletableFuture<KeyValue<String, String>> popped = waiter.async().blpop(0, "jobs").toCompletableFuture();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> pusher.sync().info("clients").contains("blocked_clients:1"));
            assertThat(pusher.sync().rpush("jobs", "j1")).isEqualTo(1);
            assertThat(popped.get(10, TimeUnit.SECONDS)).isEqualTo(KeyValue.just("jobs", "j1"));
            assertThat(waiter.sync().bzpopmin(0.05, "nothing")).isNull();
            assertThat(pusher.sync().zadd("z", 1.5, "m")).isEqualTo(1);
            assertThat(waiter.sync().bzpopmin(1, "z").getValue().getValue()).isEqualTo("m");
        }
    }

    @EveryKvModel
    void resp2SubscribedModeAllowsOnlyPubSubCommands(Model model) throws Exception {
        InetSocketAddress a = kv.start(model, KvSettings.DEFAULTS);
        try (RawRedis c = new RawRedis(a)) {
            assertThat(c.call("SUBSCRIBE", "ch")).isEqualTo("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n");
            assertThat(c.call("GET", "k")).isEqualTo("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n");
            assertThat(c.call("PING")).isEqualTo("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
            assertThat(c.call("PSUBSCRIBE", "c*")).isEqualTo("*3\r\n$10\r\npsubscribe\r\n$2\r\nc*\r\n:2\r\n");
            assertThat(c.call("UNSUBSCRIBE")).isEqualTo("*3\r\n$11\r\nunsubscribe\r\n$2\r\nch\r\n:1\r\n");
            assertThat(c.call("PUNSUBSCRIBE")).isEqualTo("*3\r\n$12\r\npunsubscribe\r\n$2\r\nc*\r\n:0\r\n");
            assertThat(c.call("UNSUBSCRIBE")).isEqualTo("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n");
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(c.call("HELLO", "3")).startsWith("%7\r\n");
            assertThat(c.call("SUBSCRIBE", "ch")).isEqualTo(">3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n");
            assertThat(c.call("GET", "k")).isEqualTo("_\r\n");
            try (RawRedis p = new RawRedis(a)) {
                assertThat(p.call("PUBLISH", "ch", "hi")).isEqualTo(":1\r\n");
            }
            assertThat(c.reply()).isEqualTo(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
        }
    }

    @EveryKvModel
    void aSubscriberThatStopsReadingIsDroppedAtTheHardLimit(Model model) throws Exception {
        KvSettings settings = KvSettings.DEFAULTS.withOutputLimits(OutputLimits.parse("normal 0 0 0 pubsub 256kb 0 0"));
        InetSocketAddress a = kv.start(model, settings);
        try (Socket slow = new Socket(); RawRedis pub = new RawRedis(a)) {
            slow.setReceiveBufferSize(4096);
            slow.connect(a);
            slow.getOutputStream().write(RawRedis.encode(List.of("SUBSCRIBE", "firehose")));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> pub.call("PUBSUB", "NUMSUB", "firehose").endsWith(":1\r\n"));
            String payload = "x".repeat(4096);
            long published = 0;
            // the subscriber never reads: it must be dropped, not buffered for, while publishing goes on
            while (pub.call("PUBSUB", "NUMSUB", "firehose").endsWith(":1\r\n")) {
                for (int i = 0; i < 64; i++) {
                    pub.send(RawRedis.encode(List.of("PUBLISH", "firehose", payload)));
                }
                for (int i = 0; i < 64; i++) {
                    pub.reply();
                }
                published += 64L * payload.length();
                assertThat(published).as("bytes published before the subscriber was dropped").isLessThan(256L << 20);
            }
            assertThat(pub.call("PUBLISH", "firehose", "after")).isEqualTo(":0\r\n");
            assertThat(pub.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void outputLimitsParseAsRedisWritesThem() {
        OutputLimits l = OutputLimits.parse("normal 0 0 0 replica 256mb 64mb 60 pubsub 32mb 8mb 60");
        assertThat(l.pubsub()).isEqualTo(new OutputLimits.Limit(32L << 20, 8L << 20, 60));
        assertThat(l.normal().none()).isTrue();
        assertThat(OutputLimits.parse(l.toString())).isEqualTo(l);
        assertThat(OutputLimits.parse("pubsub 1k 2kb 3").pubsub()).isEqualTo(new OutputLimits.Limit(1000, 2048, 3));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputLimits.parse("pubsub 1x 0 0"))
                .hasMessage("'1x' is not a size");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputLimits.parse("other 0 0 0"))
                .hasMessage("'other' is not a client class (normal, replica, pubsub)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputLimits.parse("pubsub 0 0"))
                .hasMessageContaining("expected <class> <hard> <soft> <soft seconds>");
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
