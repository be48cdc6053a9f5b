package io.wharf.ws;

import io.wharf.core.Model;
import io.wharf.ws.codec.CloseCodes;
import io.wharf.ws.codec.Opcode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The echo endpoint over real sockets: the JDK's WebSocket client under every model HTTP runs under in this JVM
 * (the process model's upgrade runs the same code in its child), the handshake's refusals, the handshake and
 * frames in one packet split at every byte, the heartbeat and the close handshake.
 */
class WebSocketServerTest {

    @ParameterizedTest
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void aRealClientEchoesAndClosesUnderEveryModel(Model model) throws Exception {
        try (WsTestServer server = WsTestServer.start(model);
             JdkWsClient client = JdkWsClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"))) {
            client.sendText("hello, κόσμε");
            assertThat(client.next()).isEqualTo("text:hello, κόσμε");
            client.sendBinary(new byte[70_000]);
            assertThat(client.next()).isEqualTo("binary:70000 bytes");
            client.socket().sendClose(CloseCodes.NORMAL, "bye");
            assertThat(client.awaitClose()).isEqualTo(CloseCodes.NORMAL);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "VIRTUAL"})
    void theHandshakeAndTheFirstFramesInOnePacketAtEverySplit(Model model) throws Exception {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.writeBytes(RawWsClient.request("/echo"));
        packet.writeBytes(RawWsClient.text("first"));
        packet.writeBytes(RawWsClient.frame(Opcode.PING, true, new byte[]{7}));
        packet.writeBytes(RawWsClient.text("second"));
        byte[] all = packet.toByteArray();
        try (WsTestServer server = WsTestServer.start(model)) {
            for (int split = 1; split < all.length; split++) {
                try (RawWsClient c = RawWsClient.connect(server.address())) {
                    c.send(java.util.Arrays.copyOf(all, split));
                    c.send(java.util.Arrays.copyOfRange(all, split, all.length));
                    assertThat(c.readHead()).as("split at %d", split).startsWith("HTTP/1.1 101 ")
                            .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
                    assertThat(c.next().text()).isEqualTo("first");
                    RawWsClient.Received pong = c.next();
                    assertThat(pong.opcode()).isEqualTo(Opcode.PONG);
                    assertThat(pong.payload()).containsExactly(7);
                    assertThat(c.next().text()).isEqualTo("second");
                }
            }
        }
    }

    @Test
    void refusalsSpeakHttp() throws Exception {
        try (WsTestServer server = WsTestServer.start(Model.EVENT)) {
            try (RawWsClient c = RawWsClient.connect(server.address())) {
                c.send("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(c.readHead()).startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13\r\n");
            }
            try (RawWsClient c = RawWsClient.connect(server.address())) {
                assertThat(c.handshake("/echo", "Origin: https://elsewhere.example")).startsWith("HTTP/1.1 403 ");
            }
            try (RawWsClient c = RawWsClient.connect(server.address())) {
                c.send(new String(RawWsClient.request("/echo"), StandardCharsets.US_ASCII)
                        .replace("Version: 13", "Version: 8").getBytes(StandardCharsets.US_ASCII));
                assertThat(c.readHead()).startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13\r\n");
            }
        }
    }

    @Test
    void aMessageOverTheLimitIsClosedWith1009() throws Exception {
        try (WsTestServer server = WsTestServer.start(Model.EVENT, "websocket.ws_max_message=1k");
             RawWsClient c = RawWsClient.connect(server.address())) {
            assertThat(c.handshake("/echo")).startsWith("HTTP/1.1 101 ");
            c.send(RawWsClient.frame(Opcode.BINARY, true, new byte[1025]));
            RawWsClient.Received close = c.next();
            assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
            assertThat(close.closeCode()).isEqualTo(CloseCodes.TOO_BIG);
            assertThat(c.awaitEnd()).isTrue();
        }
    }

    @Test
    void aPeersCloseIsAnsweredWithItsCode() throws Exception {
        try (WsTestServer server = WsTestServer.start(Model.EVENT);
             RawWsClient c = RawWsClient.connect(server.address())) {
            assertThat(c.handshake("/echo")).startsWith("HTTP/1.1 101 ");
            c.send(RawWsClient.frame(Opcode.CLOSE, true, new byte[]{0x0F, (byte) 0xA0, 'o', 'k'})); // 4000
            RawWsClient.Received close = c.next();
            assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
            assertThat(close.closeCode()).isEqualTo(4000);
            assertThat(c.awaitEnd()).isTrue();
        }
    }

    @Test
    void theHeartbeatDropsAPeerThatDoesNotAnswer() throws Exception {
        try (WsTestServer server = WsTestServer.start(Model.EVENT, "websocket.ws_ping_interval=200ms",
                "websocket.ws_pong_timeout=300ms");
             RawWsClient silent = RawWsClient.connect(server.address())) {
            assertThat(silent.handshake("/echo")).startsWith("HTTP/1.1 101 ");
            assertThat(silent.next().opcode()).isEqualTo(Opcode.PING);
            assertThat(silent.awaitEnd()).as("dropped once the pong timeout passed").isTrue();
        }
    }

    @Test
    void aPeerThatAnswersPingsStays() throws Exception {
        try (WsTestServer server = WsTestServer.start(Model.EVENT, "websocket.ws_ping_interval=200ms",
                "websocket.ws_pong_timeout=300ms");
             RawWsClient alive = RawWsClient.connect(server.address())) {
            assertThat(alive.handshake("/echo")).startsWith("HTTP/1.1 101 ");
            for (int i = 0; i < 4; i++) { // four rounds are well past one pong timeout
                RawWsClient.Received ping = alive.next();
                assertThat(ping.opcode()).isEqualTo(Opcode.PING);
                alive.send(RawWsClient.frame(Opcode.PONG, true, ping.payload()));
            }
            alive.sendText("still here");
            assertThat(alive.next().text()).isEqualTo("still here");
        }
    }
}
