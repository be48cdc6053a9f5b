package io.wharf.load.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.load.Exchange;
import io.wharf.load.Exchange.Reply;
import io.wharf.load.MixTarget;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scenario's WebSocket echo exchange: the upgrade answer and the echoes split at every byte, a ping answered
 * ahead of the next message, and the replies that fail (a refused upgrade, a wrong size, two echoes, a close).
 */
class WsEchoExchangeTest {

    private static final int SIZE = 130; // a 16-bit length in the echo's header

    private static WsEchoExchange opened() {
        WsEchoExchange x = new WsEchoExchange("127.0.0.1", 8080, "/echo", SIZE);
        open(x);
        return x;
    }

    /** The upgrade, its answer fed a byte at a time. */
    private static void open(Exchange x) {
        x.onConnected();
        String request = StandardCharsets.US_ASCII.decode(x.opening()).toString();
        assertThat(request).startsWith("GET /echo HTTP/1.1\r\n").contains("Host: 127.0.0.1:8080\r\n");
        String key = request.replaceAll("(?s).*Sec-WebSocket-Key: ([^\r]+)\r\n.*", "$1");
        byte[] answer = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + WsHandshake.accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(feedSplit(answer, x::onOpening)).isEqualTo(Reply.COMPLETE);
    }

    /** Feeds {@code bytes} one at a time: INCOMPLETE until the last byte, whose verdict is returned. */
    private static Reply feedSplit(byte[] bytes, java.util.function.Function<ByteBuffer, Reply> feed) {
        for (int i = 0; i < bytes.length - 1; i++) {
            assertThat(feed.apply(ByteBuffer.wrap(bytes, i, 1))).as("byte " + i).isEqualTo(Reply.INCOMPLETE);
        }
        return feed.apply(ByteBuffer.wrap(bytes, bytes.length - 1, 1));
    }

    private static byte[] echo(int size) {
        return WsFrameReaderTest.frame(true, WsFrames.TEXT, "x".repeat(size).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theUpgradeAndEveryEchoCompleteAtTheirLastByteWhereverTheyAreSplit() {
        WsEchoExchange x = opened();
        for (int split = 1; split < echo(SIZE).length; split++) {
            ByteBuffer request = x.nextRequest();
            assertThat(request.remaining()).isEqualTo(WsFrames.maskedLength(SIZE));
            request.position(request.limit()); // the load thread wrote it
            byte[] e = echo(SIZE);
            assertThat(x.onReply(ByteBuffer.wrap(e, 0, split))).isEqualTo(Reply.INCOMPLETE);
            assertThat(x.onReply(ByteBuffer.wrap(e, split, e.length - split))).as("split at " + split)
                    .isEqualTo(Reply.COMPLETE);
        }
        x.nextRequest();
        assertThat(feedSplit(echo(SIZE), x::onReply)).isEqualTo(Reply.COMPLETE);
    }

    @Test
    void aMixOfSizesOpensItsConnectionOnceAndEachEchoIsChecked() {
        Exchange mix = MixTarget.of(List.of(new WsEchoTarget("127.0.0.1", 8080, "/echo", 10),
                new WsEchoTarget("127.0.0.1", 8080, "/echo", 300)), List.of(1.0, 1.0)).newExchange(0);
        open(mix);
        java.util.Set<Integer> sizes = new java.util.HashSet<>();
        for (int i = 0; i < 40; i++) {
            int size = mix.nextRequest().remaining() <= WsFrames.maskedLength(10) ? 10 : 300;
            sizes.add(size);
            assertThat(mix.onReply(ByteBuffer.wrap(echo(size)))).isEqualTo(Reply.COMPLETE);
        }
        assertThat(sizes).containsExactlyInAnyOrder(10, 300);
    }

    @Test
    void aPingIsAnsweredAheadOfTheNextMessage() {
        WsEchoExchange x = opened();
        x.nextRequest();
        byte[] ping = WsFrameReaderTest.frame(true, WsFrames.PING, "hb".getBytes(StandardCharsets.US_ASCII));
        assertThat(x.onReply(ByteBuffer.wrap(ping))).isEqualTo(Reply.INCOMPLETE);
        assertThat(x.onReply(ByteBuffer.wrap(echo(SIZE)))).isEqualTo(Reply.COMPLETE);
        ByteBuffer next = x.nextRequest();
        assertThat(next.remaining()).isEqualTo(WsFrames.maskedLength(2) + WsFrames.maskedLength(SIZE));
        assertThat(next.get(0) & 0xFF).isEqualTo(0x80 | WsFrames.PONG);
        assertThat(next.get(WsFrames.maskedLength(2)) & 0xFF).isEqualTo(0x80 | WsFrames.TEXT);
        assertThat(x.nextRequest().remaining()).as("answered once").isEqualTo(WsFrames.maskedLength(SIZE));
    }

    @Test
    void wrongEchoesAndARefusedUpgradeFailWithAReason() {
        WsEchoExchange refused = new WsEchoExchange("h", 80, "/nope", SIZE);
        refused.onConnected();
        assertThat(refused.onOpening(ByteBuffer.wrap("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)))).isEqualTo(Reply.WRONG_REPLY);
        assertThat(refused.describeReply()).isEqualTo("handshake refused: HTTP/1.1 404 Not Found");

        Exchange x = opened();
        x.nextRequest();
        assertThat(x.onReply(ByteBuffer.wrap(echo(SIZE - 1)))).isEqualTo(Reply.WRONG_REPLY);
        assertThat(x.describeReply()).isEqualTo("echo of 129 bytes for a message of 130");

        x = opened();
        x.nextRequest();
        byte[] two = new byte[echo(SIZE).length * 2];
        System.arraycopy(echo(SIZE), 0, two, 0, two.length / 2);
        System.arraycopy(echo(SIZE), 0, two, two.length / 2, two.length / 2);
        assertThat(x.onReply(ByteBuffer.wrap(two))).isEqualTo(Reply.WRONG_REPLY);
        assertThat(x.describeReply()).isEqualTo("two messages for one sent");

        x = opened();
        x.nextRequest();
        assertThat(x.onReply(ByteBuffer.wrap(WsFrameReaderTest.frame(true, WsFrames.CLOSE, new byte[] {3, (byte) 0xE9}))))
                .isEqualTo(Reply.PROTOCOL_ERROR);
        assertThat(x.describeReply()).isEqualTo("the server closed the socket");
    }
}
