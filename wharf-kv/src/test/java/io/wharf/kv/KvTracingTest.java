package io.wharf.kv;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.config.ConfigSchema;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.stats.ServerStats;
import io.wharf.tracing.OtlpReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A span per kv command, exported over OTLP/HTTP to a receiver in the test, for what Jedis sends: the database
 * semantic conventions, no key or value anywhere, an error reply's code, a transaction as one EXEC span with
 * its queued commands as events, and sampling 0 keeping nothing.
 */
@Timeout(60)
class KvTracingTest {

    private static final String KEY = "user:4711:secret-key";
    private static final String VALUE = "hunter2-secret-value";

    private OtlpReceiver receiver;
    private KvService service;
    private Server server;

    @BeforeEach
    void collector() throws Exception {
        receiver = new OtlpReceiver();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (service != null) {
            service.shutdown();
        }
        receiver.close();
    }

    private Jedis start(String... settings) throws Exception {
        ConfigSchema schema = CoreKeys.schema().withProtocol("kv", new KvProtocol().configKeys());
        Config config = Config.defaults(schema);
        List<String> all = new java.util.ArrayList<>(List.of("enabled=on", "endpoint=" + receiver.endpoint(),
                "export_interval=50ms"));
        all.addAll(List.of(settings));
        for (String s : all) {
            int eq = s.indexOf('=');
            ConfigKey<?> key = schema.find("tracing", s.substring(0, eq)).orElseThrow();
            config = config.override(key, s.substring(eq + 1), "test");
        }
        service = KvProtocol.start(config);
        server = Server.start(CoreKeys.settings(config, 0).withPort(0).withBindAddress("127.0.0.1")
                .withModel(Model.REACTOR), service, new ServerStats());
        service.state().tcpPort(server.localAddress().getPort());
        return new Jedis(new HostAndPort("127.0.0.1", server.localAddress().getPort()),
                DefaultJedisClientConfig.builder().timeoutMillis(10_000).build());
    }

    private List<OtlpReceiver.Received> named(String name) {
        return receiver.spans().stream().filter(s -> s.name().equals(name)).toList();
    }

    @Test
    void eachCommandIsAServerSpanWithTheDatabaseConventionsAndNoData() throws Exception {
        try (Jedis j = start()) {
            assertThat(j.set(KEY, VALUE)).isEqualTo("OK");
            assertThat(j.get(KEY)).isEqualTo(VALUE);
            assertThatThrownBy(() -> j.lpush(KEY, VALUE)).isInstanceOf(JedisDataException.class)
                    .hasMessageStartingWith("WRONGTYPE");
            assertThat(j.select(2)).isEqualTo("OK");
            assertThat(j.get(KEY)).isNull();
            assertThat(j.clientSetname("app")).isEqualTo("OK");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> named("CLIENT SETNAME").size() == 1);
        OtlpReceiver.Received set = named("SET").getFirst();
        assertThat(set.kind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER_VALUE);
        assertThat(set.parentSpanId()).isEmpty();
        assertThat(set.attributes())
                .containsEntry("db.system.name", "redis")
                .containsEntry("db.system", "redis")
                .containsEntry("db.operation.name", "SET")
                .containsEntry("db.namespace", "0")
                .containsEntry("client.address", "127.0.0.1")
                .containsEntry("server.port", Integer.toString(server.localAddress().getPort()))
                .doesNotContainKey("db.response.status_code");
        assertThat(set.attribute("client.port")).isNotNull();
        OtlpReceiver.Received lpush = named("LPUSH").getFirst();
        assertThat(lpush.attributes()).containsEntry("db.response.status_code", "WRONGTYPE")
                .containsEntry("error.type", "WRONGTYPE");
        assertThat(named("GET")).extracting(s -> s.attribute("db.namespace")).containsExactly("0", "2");
        for (OtlpReceiver.Received s : receiver.spans()) {
            assertThat(s.attributes().values()).noneMatch(v -> v.contains("secret") || v.contains("app"));
            assertThat(s.events()).noneMatch(e -> e.contains("secret"));
        }
    }

    @Test
    void aTransactionIsOneExecSpanWithItsQueuedCommandsAsEvents() throws Exception {
        try (Jedis j = start()) {
            Transaction tx = j.multi();
            tx.set(KEY, "1");
            tx.incr(KEY);
            tx.hgetAll("h");
            assertThat(tx.exec()).hasSize(3);
            assertThat(j.ping()).isEqualTo("PONG");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> named("PING").size() == 1);
        OtlpReceiver.Received exec = named("EXEC").getFirst();
        assertThat(exec.events()).containsExactly("SET", "INCR", "HGETALL");
        assertThat(exec.attributes()).containsEntry("db.operation.batch.size", "3")
                .containsEntry("db.operation.name", "EXEC");
        assertThat(named("MULTI")).isEmpty();
        assertThat(named("SET")).isEmpty(); // queued: run inside EXEC's span, not one of its own
        assertThat(named("INCR")).isEmpty();
    }

    @Test
    void samplingZeroKeepsNoCommand() throws Exception {
        try (Jedis j = start("sampling_ratio=0")) {
            for (int i = 0; i < 50; i++) {
                j.incr("n");
            }
            assertThat(j.get("n")).isEqualTo("50");
        }
        server.close();
        server = null;
        service.shutdown(); // releases the tracing: the batch is flushed
        service = null;
        assertThat(receiver.spans()).isEmpty();
    }
}
