package io.wharf.ws;

import io.wharf.core.Model;
import io.wharf.ws.codec.Opcode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WebSocket clients that stop reading while the server sends to them are held to the core's outbox rules: an
 * echo client that only writes is paused (its input no longer read) and then dropped when its output makes no
 * progress for {@code write_timeout}; a chat member that never reads while its room talks is dropped when its
 * queued output passes {@code max_outbox}. Neither buffers without bound, each sees its connection closed, and
 * the other clients' messages keep flowing throughout. The assertions are on the counters, not on time.
 */
class SlowClientTest {

    private static final long MAX_OUTBOX = 256 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** How many messages the chat's reading members may lag the talker: a few frames, well under the watermark. */
    private static final int READERS_BEHIND = 8;

    /** A client socket with a small receive buffer (no autotuning), upgraded at {@code path}, that never reads. */
    private static Socket deaf(WsTestServer server, String path) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(16 * 1024);
        s.connect(server.address(), 5_000);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(RawWsClient.request(path));
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the handshake's answer").isNotNegative();
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101 ");
        return s;
    }

    /** True once the server has closed {@code s}: what it had sent is read and dropped, then the end or a reset. */
    private static boolean seesItsEnd(Socket s) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = s.getInputStream();
            while (in.read(buffer) >= 0) {
                // the frames it never read
            }
            return true;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    /** Message {@code i} of the talker, as a member receives it. */
    private static java.util.function.Predicate<String> said(int i) {
        String prefix = "\"text\":\"" + i + " ";
        return m -> m.contains(prefix);
    }

    private static long closed(WsTestServer server, String reason) {
        return server.stats().closedByReason().get(reason);
    }

    @Test
    void anEchoClientThatOnlyWritesIsPausedThenDroppedWhileOthersKeepEchoing() throws Exception {
        try (WsTestServer server = WsTestServer.start(Model.EVENT, "server.max_outbox=256k",
                "server.write_buffer_high=64k", "server.write_buffer_low=32k", "server.write_timeout=3s");
             JdkWsClient other = JdkWsClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"));
             Socket slow = deaf(server, "/echo")) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                byte[] frame = RawWsClient.frame(Opcode.BINARY, true, new byte[16 * 1024]);
                try {
                    OutputStream out = slow.getOutputStream();
                    // 64 MiB is well past what the kernel buffers on both sides hold: the writes block
                    for (int i = 0; i < 4096 && !stop.get(); i++) {
                        out.write(frame);
                    }
                } catch (IOException dropped) {
                    // the server closed the connection under a blocked write
                }
            });
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> server.stats().unwritableConnections() == 1);
            other.sendText("while one is paused");
            assertThat(other.next()).isEqualTo("text:while one is paused");

            await().atMost(WAIT).untilAsserted(() -> assertThat(closed(server, "write_timeout"))
                    .as("closes by reason: %s", server.stats().closedByReason()).isEqualTo(1));
            assertThat(seesItsEnd(slow)).as("the slow client sees its connection closed").isTrue();
            stop.set(true);
            writer.join(WAIT.toMillis());
            assertThat(server.stats().peakOutboxBytes()).as("queued output stayed bounded").isLessThanOrEqualTo(MAX_OUTBOX);
            assertThat(closed(server, "outbox_overflow")).isZero();
            other.sendText("after the drop");
            assertThat(other.next()).isEqualTo("text:after the drop");
        }
    }

    @Test
    void aChatMemberThatNeverReadsIsDroppedAtTheOutboxLimitWhileTheRoomTalksOn() throws Exception {
        try (WsTestServer server = WsTestServer.start(Model.EVENT, "server.max_outbox=256k",
                "server.write_buffer_high=64k", "server.write_buffer_low=32k", "server.write_timeout=120s",
                "websocket.ws_chat_path=/chat", "chat.database=:memory:", "chat.message_rate=1000000",
                "chat.message_burst=1000000");
             Socket sink = deaf(server, "/chat");
             JdkWsClient talker = JdkWsClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/chat"));
             JdkWsClient listener = JdkWsClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/chat"))) {
            talker.until(m -> m.contains("\"type\":\"connected\""));
            listener.until(m -> m.contains("\"type\":\"connected\""));
            String text = "x".repeat(4000);
            int said = 0;
            int heard = 0;
            // 16 MB at most, far past the sink's kernel buffers and its outbox; stops once it is dropped. The
            // readers are kept within a few messages, so only the deaf member's output piles up.
            while (said < 4000 && closed(server, "outbox_overflow") == 0) {
                talker.sendText("{\"type\":\"say\",\"text\":\"" + said + " " + text + "\"}");
                said++;
                for (; said - heard > READERS_BEHIND; heard++) {
                    listener.until(said(heard));
                    talker.until(said(heard));
                }
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(closed(server, "outbox_overflow"))
                    .as("closes by reason: %s", server.stats().closedByReason()).isEqualTo(1));
            assertThat(seesItsEnd(sink)).as("the deaf member sees its connection closed").isTrue();
            assertThat(server.stats().peakOutboxBytes()).as("queued output stayed bounded: the limit and one frame")
                    .isLessThanOrEqualTo(MAX_OUTBOX + 8 * 1024);
            for (; heard < said; heard++) {
                listener.until(said(heard));
            }
            talker.sendText("{\"type\":\"say\",\"text\":\"after the drop\"}");
            assertThat(listener.until(m -> m.contains("after the drop"))).contains("\"type\":\"message\"");
            assertThat(closed(server, "write_timeout")).isZero();
        }
    }
}
