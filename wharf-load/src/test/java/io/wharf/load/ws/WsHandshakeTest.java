package io.wharf.load.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The client's opening handshake: the request, and the answer read in any pieces, checked. */
class WsHandshakeTest {

    @Test
    void theAcceptIsTheRfcsExample() {
        assertThat(WsHandshake.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    private static String key(WsHandshake h) {
        String request = StandardCharsets.US_ASCII.decode(h.request()).toString();
        assertThat(request).startsWith("GET /chat HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n").endsWith("\r\n\r\n")
                .contains("Upgrade: websocket\r\n", "Connection: Upgrade\r\n", "Sec-WebSocket-Version: 13\r\n");
        return request.replaceAll("(?s).*Sec-WebSocket-Key: ([^\r]+).*", "$1");
    }

    @Test
    void theAnswerIsReadInAnyPiecesAndTheFramesBehindItAreLeft() throws IOException {
        for (int split = 0; split < 120; split++) {
            WsHandshake h = new WsHandshake("127.0.0.1", 8080, "/chat");
            byte[] answer = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "sec-websocket-accept: " + WsHandshake.accept(key(h)) + "\r\n\r\nFRAMES")
                    .getBytes(StandardCharsets.US_ASCII);
            int cut = Math.min(split, answer.length);
            ByteBuffer first = ByteBuffer.wrap(answer, 0, cut);
            boolean done = h.feed(first);
            ByteBuffer rest = ByteBuffer.wrap(answer, cut, answer.length - cut);
            if (!done) {
                assertThat(h.feed(rest)).isTrue();
            }
            String left = (done ? StandardCharsets.US_ASCII.decode(first).toString() : "")
                    + StandardCharsets.US_ASCII.decode(rest);
            assertThat(h.problem()).as("split at %d", split).isNull();
            assertThat(left).as("split at %d", split).isEqualTo("FRAMES");
        }
    }

    @Test
    void aRefusalOrAWrongAcceptIsAProblemInWords() throws IOException {
        WsHandshake refused = new WsHandshake("127.0.0.1", 8080, "/chat");
        assertThat(refused.feed(ByteBuffer.wrap("HTTP/1.1 503 Service Unavailable\r\n\r\n".getBytes(
                StandardCharsets.US_ASCII)))).isTrue();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.problem()).isEqualTo("handshake refused: HTTP/1.1 503 Service Unavailable");
        WsHandshake wrong = new WsHandshake("127.0.0.1", 8080, "/chat");
        wrong.feed(ByteBuffer.wrap("HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: nope\r\n\r\n".getBytes(
                StandardCharsets.US_ASCII)));
        assertThat(wrong.problem()).isEqualTo("wrong Sec-WebSocket-Accept nope");
        WsHandshake garbage = new WsHandshake("127.0.0.1", 8080, "/chat");
        garbage.feed(ByteBuffer.wrap("SSH-2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(garbage.status()).isEqualTo(-1);
        WsHandshake endless = new WsHandshake("127.0.0.1", 8080, "/chat");
        assertThatThrownBy(() -> endless.feed(ByteBuffer.wrap(new byte[9000]))).hasMessageContaining("over 8 KiB");
    }
}
