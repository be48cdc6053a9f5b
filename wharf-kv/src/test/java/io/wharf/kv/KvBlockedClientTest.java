package io.wharf.kv;

import io.wharf.core.testing.Trusting;
import io.wharf.core.Host;
import io.wharf.core.HostedListener;
import io.wharf.core.ListenerSpec;
import io.wharf.core.Model;
import io.wharf.core.ServerSettings;
import io.wharf.core.config.Config;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.layer.Layer;
import io.wharf.core.model.process.ChildSettings;
import io.wharf.core.stats.ServerStats;
import io.wharf.core.tls.DevCertificate;
import io.wharf.core.tls.TlsKeys;
import io.wharf.core.tls.TlsLayer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A blocked client's input and its leaving, under every model that serves kv, plain and over TLS. Redis reads a
 * blocked client's socket on into its query buffer, so it sees the client go, frees it and takes it out of the
 * blocking keys: the element a later push brings stays in the list. Here: a client blocked with commands
 * pipelined behind the blocking one that closes, or half-closes, leaves the waiters and takes nothing; kept input
 * past {@code client_query_buffer_limit} drops the client and its block; kept input runs, in order, after the
 * pop's reply once the client is served. A differential case checks the same against Debian's redis-server.
 * Each step awaits what the server reports (INFO's {@code blocked_clients}, CLIENT LIST), never a fixed time.
 */
@Timeout(60)
class KvBlockedClientTest {

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0} tls={1}")
    @MethodSource("io.wharf.kv.KvBlockedClientTest#servers")
    @interface EveryServer {
    }

    static Stream<Arguments> servers() {
        List<Arguments> all = new ArrayList<>();
        for (boolean tls : new boolean[] {false, true}) {
            for (Model m : List.of(Model.EVENT, Model.REACTOR, Model.VIRTUAL, Model.THREAD, Model.POOL)) {
                all.add(Arguments.of(m, tls));
            }
        }
        return all.stream();
    }

    /** The blocking commands of each family, each waiting on an empty key, and how a push serves them. */
    private static final List<List<String>> BLOCKING = List.of(
            List.of("BLPOP", "q", "0"),
            List.of("BLMOVE", "q", "d", "LEFT", "RIGHT", "0"),
            List.of("BLMPOP", "0", "1", "q", "LEFT"),
            List.of("BZPOPMIN", "z", "0"));

    @TempDir
    Path dir;
    private Host host;
    private KvService service;
    private InetSocketAddress address;
    private SSLContext tls;

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        if (service != null) {
            service.shutdown();
        }
    }

    private void start(Model model, boolean overTls, KvSettings settings) throws Exception {
        service = new KvService(settings);
        host = new Host(2, 2);
        ServerStats stats = new ServerStats();
        Layer layer = Layer.NONE;
        if (overTls) {
            DevCertificate.CertFiles cert = DevCertificate.make(List.of("localhost", "127.0.0.1"), dir.resolve("tls"));
            Config c = Config.defaults(CoreKeys.schema()).override(TlsKeys.TLS, "on", "test")
                    .override(TlsKeys.PROVIDER, "jdk", "test")
                    .override(TlsKeys.CERT, cert.cert().toString(), "test")
                    .override(TlsKeys.KEY, cert.key().toString(), "test");
            layer = TlsLayer.of("kv", c, service, stats);
            tls = Trusting.pem(cert.cert());
        }
        ServerSettings s = ServerSettings.defaults(0, model).withBindAddress("127.0.0.1");
        HostedListener l = host.start(List.of(new ListenerSpec("kv", "kv", s, service, stats, ChildSettings.DEFAULTS,
                layer))).get(0);
        address = l.localAddress();
    }

    private RawRedis client() throws IOException {
        if (tls == null) {
            return new RawRedis(address);
        }
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(address.getHostString(), address.getPort());
        s.setSoTimeout(10_000);
        s.startHandshake();
        return new RawRedis(s);
    }

    private static void awaitBlocked(RawRedis admin, int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.call("INFO", "clients").contains("blocked_clients:" + n + "\r\n"));
    }

    private static byte[] commands(List<List<String>> commands) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        commands.forEach(c -> b.writeBytes(RawRedis.encode(c)));
        return b.toByteArray();
    }

    private static byte[] repeat(List<String> command, int times) {
        return commands(java.util.Collections.nCopies(times, command));
    }

    /** Pushes one element where {@code blocking} waits, and checks it is still there, whole, for the next pop. */
    private static void pushStays(RawRedis admin, List<String> blocking) throws IOException {
        if (blocking.get(0).startsWith("BZ")) {
            assertThat(admin.call("ZADD", "z", "1", "x")).isEqualTo(":1\r\n");
            assertThat(admin.call("ZCARD", "z")).isEqualTo(":1\r\n");
            assertThat(admin.call("ZPOPMIN", "z")).isEqualTo("*2\r\n$1\r\nx\r\n$1\r\n1\r\n");
        } else {
            assertThat(admin.call("LPUSH", "q", "x")).isEqualTo(":1\r\n");
            assertThat(admin.call("LLEN", "q")).isEqualTo(":1\r\n");
            assertThat(admin.call("LPOP", "q")).isEqualTo("$1\r\nx\r\n");
        }
        assertThat(admin.call("EXISTS", "d")).as("nothing moved").isEqualTo(":0\r\n");
    }

    @EveryServer
    void aClientThatClosesWhileBlockedWithInputPipelinedTakesNothing(Model model, boolean overTls) throws Exception {
        start(model, overTls, KvSettings.DEFAULTS);
        try (RawRedis admin = client()) {
            for (List<String> blocking : BLOCKING) {
                RawRedis gone = client();
                gone.send(commands(List.of(blocking, List.of("PING"))));
                awaitBlocked(admin, 1);
                gone.close();
                awaitBlocked(admin, 0);
                pushStays(admin, blocking);
            }
        }
    }

    @EveryServer
    void aClientThatHalfClosesWhileBlockedIsFreedUnanswered(Model model, boolean overTls) throws Exception {
        start(model, overTls, KvSettings.DEFAULTS);
        try (RawRedis admin = client(); RawRedis gone = client()) {
            gone.send(RawRedis.encode(List.of("BLPOP", "q", "0")));
            awaitBlocked(admin, 1);
            gone.send(RawRedis.encode(List.of("PING")));
            gone.shutdownOutput();
            assertThat(gone.untilClosed()).as("freed as Redis frees it: no pop, no PONG").isEmpty();
            awaitBlocked(admin, 0);
            pushStays(admin, BLOCKING.get(0));
        }
    }

    @EveryServer
    void keptInputPastTheQueryBufferLimitDropsTheClientAndItsBlock(Model model, boolean overTls) throws Exception {
        start(model, overTls, new KvSettings(16, 512L << 20, 64 * 1024, Optional.empty(), 10, OutputLimits.DEFAULTS));
        try (RawRedis admin = client(); RawRedis hog = client(); RawRedis within = client()) {
            within.send(RawRedis.encode(List.of("BLPOP", "q2", "0")));
            awaitBlocked(admin, 1);
            within.send(repeat(List.of("PING"), 4000)); // 56,000 bytes kept: under the limit, so it stays
            hog.send(RawRedis.encode(List.of("BLPOP", "q", "0")));
            awaitBlocked(admin, 2);
            try {
                hog.send(repeat(List.of("PING"), 6000)); // 84,000 bytes: past the limit
            } catch (IOException reset) {
                // the server may drop the client before it has sent everything
            }
            assertThat(hog.untilClosedOrQuiet()).isEqualTo("<closed>");
            awaitBlocked(admin, 1);
            pushStays(admin, BLOCKING.get(0));
            assertThat(admin.call("LPUSH", "q2", "y")).isEqualTo(":1\r\n");
            assertThat(within.reply()).isEqualTo("*2\r\n$2\r\nq2\r\n$1\r\ny\r\n");
            for (int i = 0; i < 4000; i++) {
                assertThat(within.reply()).isEqualTo("+PONG\r\n");
            }
        }
    }

    @EveryServer
    void inputKeptWhileBlockedRunsInOrderAfterThePop(Model model, boolean overTls) throws Exception {
        start(model, overTls, KvSettings.DEFAULTS);
        try (RawRedis admin = client(); RawRedis c = client()) {
            c.send(RawRedis.encode(List.of("BLPOP", "q", "0")));
            awaitBlocked(admin, 1);
            int n = 3000; // many reads' worth, kept across several deliveries
            byte[] pipeline = commands(List.of(List.of("GET", "n")));
            c.send(repeat(List.of("INCR", "n"), n));
            c.send(pipeline);
            long all = (long) n * RawRedis.encode(List.of("INCR", "n")).length + pipeline.length;
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.call("CLIENT", "LIST").contains(" qbuf=" + all + " "));
            assertThat(admin.call("GET", "n")).as("nothing kept has run while blocked").isEqualTo("$-1\r\n");
            assertThat(admin.call("RPUSH", "q", "v")).isEqualTo(":1\r\n");
            assertThat(c.reply()).isEqualTo("*2\r\n$1\r\nq\r\n$1\r\nv\r\n");
            for (int i = 1; i <= n; i++) {
                assertThat(c.reply()).isEqualTo(":" + i + "\r\n");
            }
            assertThat(c.reply()).isEqualTo("$4\r\n" + n + "\r\n");
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            awaitBlocked(admin, 0);
        }
    }

    @EveryServer
    void keptInputWhoseRepliesPassTheHighWatermarkGoesOnAsTheClientReads(Model model, boolean overTls) throws Exception {
        start(model, overTls, KvSettings.DEFAULTS);
        try (RawRedis admin = client(); RawRedis c = client()) {
            String big = "v".repeat(100_000);
            assertThat(admin.call("SET", "big", big)).isEqualTo("+OK\r\n");
            c.send(RawRedis.encode(List.of("BLPOP", "q", "0")));
            awaitBlocked(admin, 1);
            int n = 30; // 3 MB of replies from 660 bytes kept: far past write_buffer_high and max_outbox
            c.send(repeat(List.of("GET", "big"), n));
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.call("CLIENT", "LIST").contains(" qbuf=" + 22 * n + " "));
            admin.call("RPUSH", "q", "v");
            assertThat(c.reply()).isEqualTo("*2\r\n$1\r\nq\r\n$1\r\nv\r\n");
            for (int i = 0; i < n; i++) {
                assertThat(c.reply()).as("reply " + i).isEqualTo("$100000\r\n" + big + "\r\n");
            }
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @EveryServer
    void aWriteClientPauseHoldsIsNotRunOnceItsClientHasGone(Model model, boolean overTls) throws Exception {
        start(model, overTls, KvSettings.DEFAULTS);
        try (RawRedis admin = client()) {
            assertThat(admin.call("CLIENT", "PAUSE", "20000", "WRITE")).isEqualTo("+OK\r\n");
            RawRedis gone = client();
            gone.call("CLIENT", "SETNAME", "gone");
            gone.send(commands(List.of(List.of("SET", "k", "1"), List.of("PING"))));
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.call("CLIENT", "LIST").matches(
                    "(?s).*name=gone [^\n]*flags=b .*"));
            gone.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !admin.call("CLIENT", "LIST").contains("name=gone"));
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo("+OK\r\n");
            assertThat(admin.call("GET", "k")).isEqualTo("$-1\r\n");
        }
    }

    /** What redis-server 7.0.15 and wharf say, step by step, when blocked clients leave in each of these ways. */
    @Test
    void blockedClientsLeaveAsRedisServerSays() throws Exception {
        assumeTrue(RedisServerProcess.binary() != null, "redis-server is not installed (Debian package redis-server)");
        List<String> redis;
        try (RedisServerProcess r = RedisServerProcess.start()) {
            redis = leaving(r.address());
        }
        start(Model.EVENT, false, KvSettings.DEFAULTS);
        assertThat(leaving(address)).isEqualTo(redis);
    }

    private static List<String> leaving(InetSocketAddress a) throws Exception {
        List<String> said = new ArrayList<>();
        try (RawRedis admin = new RawRedis(a)) {
            RawRedis closed = new RawRedis(a);
            closed.send(commands(List.of(List.of("BLPOP", "q", "0"), List.of("PING"))));
            awaitBlocked(admin, 1);
            closed.close();
            awaitBlocked(admin, 0);
            said.add(admin.call("LPUSH", "q", "x"));
            said.add(admin.call("LLEN", "q"));
            try (RawRedis half = new RawRedis(a)) {
                half.send(commands(List.of(List.of("BRPOPLPUSH", "e", "d", "0"), List.of("PING"))));
                awaitBlocked(admin, 1);
                half.shutdownOutput();
                said.add("<" + half.untilClosed() + ">");
            }
            awaitBlocked(admin, 0);
            said.add(admin.call("RPUSH", "e", "y"));
            said.add(admin.call("LRANGE", "e", "0", "-1"));
            said.add(admin.call("EXISTS", "d"));
            said.add(admin.call("INFO", "clients").lines().filter(l -> l.startsWith("blocked_clients")).findFirst().orElseThrow());
        }
        return said;
    }
}
