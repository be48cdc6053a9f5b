package io.wharf.core;

import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.stats.ServerStats;
import io.wharf.core.testing.LineClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every protocol's closes are counted by their core reason, and a close after an error reply lingers, under
 * every model: a line protocol here, not HTTP.
 */
class CloseReasonsTest {

    /** Echoes lines; a line starting "bad" is answered "ERR" and closed as a protocol error, input unread. */
    private static Handler handler() {
        return new Handler() {
            @Override
            public void onData(Connection c, ByteBuffer data) {
                String s = StandardCharsets.ISO_8859_1.decode(data.duplicate()).toString();
                if (s.startsWith("bye")) {
                    c.write("BYE\n");
                    c.close(); // a normal close: lingers only under lingering_close = always
                    return;
                }
                if (s.startsWith("bad")) {
                    data.position(data.limit());
                    c.write("ERR\n");
                    c.close(CloseReason.PROTOCOL_ERROR);
                    return;
                }
                c.write(data);
            }
        };
    }

    private static Server start(Model model, int maxConnections, Duration idle) throws Exception {
        return start(model, new Limits(maxConnections, idle, 1 << 20, Duration.ofSeconds(30)));
    }

    private static Server start(Model model, Limits limits) throws Exception {
        ServerSettings settings = ServerSettings.defaults(0, model).withBindAddress("127.0.0.1").withLimits(limits);
        return Server.start(settings, CloseReasonsTest::handler, new ServerStats());
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"THREAD", "VIRTUAL", "POOL", "EVENT", "REACTOR"})
    void idleClientClosedAndRefusedAreCountedByReason(Model model) throws Exception {
        try (Server server = start(model, 1, Duration.ofSeconds(1))) {
            try (LineClient c = LineClient.connect(server.localAddress())) {
                c.send("hi\n");
                assertThat(c.readLine()).isEqualTo("hi");
                try (LineClient refused = LineClient.connect(server.localAddress())) {
                    refused.send("hello\n"); // sent before the reply is read: the refusal lingers for it
                    assertThat(refused.readLine()).startsWith("ERROR server busy");
                }
                assertThat(c.awaitClosed()).isTrue(); // idle past idle_timeout
            }
            // the slot is given back just after the client sees the close
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().activeConnections() == 0);
            try (LineClient c = LineClient.connect(server.localAddress())) {
                c.send("hi\n");
                assertThat(c.readLine()).isEqualTo("hi");
            } // the client closes
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.stats().closedByReason())
                    .containsEntry("idle_timeout", 1L)
                    .containsEntry("refused_max_connections", 1L)
                    .containsEntry("client_closed", 1L)
                    .containsEntry("header_timeout", 0L));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"THREAD", "VIRTUAL", "POOL", "EVENT", "REACTOR"})
    void aCloseAfterAnErrorLingersSoTheClientStillSendingReadsTheReply(Model model) throws Exception {
        byte[] bad = new byte[1 << 20]; // more than the socket buffers hold: still being sent when answered
        Arrays.fill(bad, (byte) 'x');
        System.arraycopy("bad\n".getBytes(StandardCharsets.ISO_8859_1), 0, bad, 0, 4);
        try (Server server = start(model, 100, Duration.ZERO)) {
            for (int i = 0; i < 50; i++) {
                try (LineClient c = LineClient.connect(server.localAddress())) {
                    c.sendRaw(bad);
                    assertThat(c.readLine()).isEqualTo("ERR");
                } catch (IOException e) {
                    throw new AssertionError("try " + i + " lost its reply to a reset", e);
                }
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(server.stats().closedByReason()).containsEntry("protocol_error", 50L);
                assertThat(server.stats().lingeringConnections()).isZero();
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"THREAD", "VIRTUAL", "POOL", "EVENT", "REACTOR"})
    void alwaysLingersAfterEveryServerCloseAndOffNever(Model model) throws Exception {
        Limits always = Limits.DEFAULTS.withLingering(new Lingering(Lingering.Mode.ALWAYS, Duration.ofSeconds(30),
                Duration.ofSeconds(30)));
        try (Server server = start(model, always)) {
            try (LineClient c = LineClient.connect(server.localAddress())) {
                c.send("bye\n");
                assertThat(c.readLine()).isEqualTo("BYE");
                assertThat(c.awaitClosed()).isTrue(); // output shut down: end-of-stream after the reply
                // the client is silent and still open: the server lingers on it
                assertThat(server.stats().lingeringConnections()).isEqualTo(1);
            } // the client closes: the lingering ends
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().lingeringConnections() == 0);
        }
        Limits off = Limits.DEFAULTS.withLingering(new Lingering(Lingering.Mode.OFF, Duration.ofSeconds(30),
                Duration.ofSeconds(5)));
        try (Server server = start(model, off)) {
            try (LineClient c = LineClient.connect(server.localAddress())) {
                c.send("bad\n");
                assertThat(c.readLine()).isEqualTo("ERR");
                assertThat(c.awaitClosed()).isTrue();
                // a lingering close counts itself before it shuts output down: none began
                assertThat(server.stats().lingeringConnections()).isZero();
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(server.stats().closedByReason()).containsEntry("protocol_error", 1L));
        }
    }
}
