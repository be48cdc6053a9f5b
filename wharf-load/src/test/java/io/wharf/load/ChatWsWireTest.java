package io.wharf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.load.ws.WsFrames;
import io.wharf.load.ws.WsHandshake;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chat load's WebSocket wire: what a client sends (the upgrade, then part, nick and join, messages, pongs),
 * all masked, and what it makes of the server's JSON events, the bytes split at every place.
 */
class ChatWsWireTest {

    private static final String TOKEN = "wlab12";
    private static final ChatPlan PLAN = new ChatPlan(ChatSpec.of("127.0.0.1", 8080).withClients(2, 1)
            .withWebSocket("/chat"), new InetSocketAddress("127.0.0.1", 8080), TOKEN);

    private static byte[] frame(boolean fin, int opcode, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write((fin ? 0x80 : 0) | opcode);
        if (p.length < 126) {
            b.write(p.length);
        } else {
            b.write(126);
            b.write(p.length >>> 8);
            b.write(p.length & 0xFF);
        }
        b.writeBytes(p);
        return b.toByteArray();
    }

    private static String payload(int sender, long sequence, long sent) {
        ByteBuffer b = ByteBuffer.allocate(200);
        ChatPayload.write(b, TOKEN.getBytes(StandardCharsets.US_ASCII), sender, sequence, sent, 64);
        return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
    }

    /** The server's side after the client's request (whose key the answer needs). */
    private static byte[] serverStream(String key) {
        String message = "{\"type\":\"message\",\"id\":7,\"room\":\"wlab12-0\",\"nick\":\"wlab12-1\",\"text\":\""
                + payload(1, 3, -99) + "\",\"action\":false,\"time\":\"2026-12-01T12:00:00Z\"}";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + WsHandshake.accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(frame(true, WsFrames.TEXT, "{\"type\":\"connected\",\"nick\":\"guest1\"}"));
        b.writeBytes(frame(true, WsFrames.PING, "hb"));
        b.writeBytes(frame(true, WsFrames.TEXT, "{\"type\":\"current\",\"room\":null}"));
        b.writeBytes(frame(true, WsFrames.TEXT, "{\"type\":\"joined\",\"room\":\"wlab12-0\",\"nick\":\"wlab12-0\"}"));
        b.writeBytes(frame(true, WsFrames.TEXT, "{\"room\":\"wlab12-0\",\"type\":\"current\"}"));
        b.writeBytes(frame(false, WsFrames.TEXT, message.substring(0, 40)));
        b.writeBytes(frame(true, WsFrames.CONTINUATION, message.substring(40)));
        b.writeBytes(frame(true, WsFrames.TEXT, message.replace("wlab12-0", "wlab12-10")));
        b.writeBytes(frame(true, WsFrames.TEXT, message.replace("\"action\":false", "\"action\":true")));
        b.writeBytes(frame(true, WsFrames.TEXT, "{\"type\":\"error\",\"reason\":\"FLOOD\",\"message\":\"slow down\"}"));
        b.writeBytes(frame(true, WsFrames.TEXT, "not json"));
        b.writeBytes(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8}); // close, 1000
        return b.toByteArray();
    }

    /** The client's frames in {@code out} from {@code from}: unmasked, as "opcode text". */
    private static List<String> clientFrames(ByteBuffer out, int from) {
        List<String> frames = new ArrayList<>();
        ByteBuffer b = out.duplicate().flip().position(from);
        while (b.hasRemaining()) {
            int opcode = b.get() & 0x0F;
            int second = b.get() & 0xFF;
            assertThat(second & 0x80).as("masked").isNotZero();
            int len = second & 0x7F;
            if (len == 126) {
                len = b.getShort() & 0xFFFF;
            }
            byte[] key = new byte[4];
            b.get(key);
            byte[] p = new byte[len];
            for (int i = 0; i < len; i++) {
                p[i] = (byte) (b.get() ^ key[i & 3]);
            }
            frames.add(opcode + " " + new String(p, StandardCharsets.US_ASCII));
        }
        return frames;
    }

    private record Run(List<String> heard, ChatWire.Broken end, List<String> sent) {
    }

    private static Run run(int split) {
        ChatWsWire wire = new ChatWsWire(PLAN);
        ChatClient c = new ChatClient(0, PLAN, wire.inbound());
        c.inbound.open(c);
        String request = new String(c.out.array(), 0, c.out.position(), StandardCharsets.US_ASCII);
        assertThat(request).startsWith("GET /chat HTTP/1.1\r\n").endsWith("\r\n\r\n");
        int head = c.out.position();
        byte[] stream = serverStream(request.replaceAll("(?s).*Sec-WebSocket-Key: ([^\r]+).*", "$1"));
        List<String> heard = new ArrayList<>();
        ChatPayload p = new ChatPayload();
        ChatWire.Listener listener = h -> {
            String entry = h.kind() + (h.nowIn("wlab12-0".getBytes(StandardCharsets.US_ASCII)) ? " in" : "");
            if (h.kind() == ChatHeard.Kind.CHAT) {
                entry += " room=" + h.inRoom("wlab12-0".getBytes(StandardCharsets.US_ASCII)) + " "
                        + p.parse(h.text(), h.textFrom(), h.textTo(), TOKEN.getBytes(StandardCharsets.US_ASCII))
                        + " " + p.sender + "/" + p.sequence + "/" + p.sent;
            }
            heard.add(entry);
        };
        ChatWire.Broken end = null;
        try {
            c.inbound.feed(c, ByteBuffer.wrap(stream, 0, Math.min(split, stream.length)), listener);
            c.inbound.feed(c, ByteBuffer.wrap(stream, Math.min(split, stream.length),
                    stream.length - Math.min(split, stream.length)), listener);
        } catch (ChatWire.Broken e) {
            end = e;
        }
        return new Run(heard, end, clientFrames(c.out, head));
    }

    @Test
    void eventsAreReadAlikeWhereverTheBytesSplitAndTheClientAnswersForItself() {
        List<String> expected = List.of("NOTICE", "NOTICE", "NOTICE", "NOTICE in",
                "CHAT room=true OURS 1/3/-99", "CHAT room=false OURS 1/3/-99", "OTHER", "ERROR", "OTHER");
        int length = serverStream("x").length;
        for (int split = 0; split <= length; split++) {
            Run r = run(split);
            assertThat(r.heard()).as("split at %d", split).isEqualTo(expected);
            assertThat(r.end()).isNotNull();
            assertThat(r.end().kind).isEqualTo(FailureKind.CLOSED);
            assertThat(r.end()).hasMessageContaining("1000");
            assertThat(r.sent()).as("split at %d", split).containsExactly("1 {\"type\":\"part\"}",
                    "1 {\"type\":\"nick\",\"nick\":\"wlab12-0\"}", "1 {\"type\":\"join\",\"room\":\"wlab12-0\"}",
                    "10 hb");
        }
    }

    @Test
    void aMessageIsASayRequestCarryingThePayload() {
        ChatWsWire wire = new ChatWsWire(PLAN);
        ChatClient c = new ChatClient(1, PLAN, wire.inbound());
        assertThat(c.reserve(wire.maxMessage())).isTrue();
        int before = c.out.position();
        wire.message(c, 5, 1234);
        assertThat(c.out.position() - before).isLessThanOrEqualTo(wire.maxMessage());
        assertThat(clientFrames(c.out, before)).containsExactly("1 {\"type\":\"say\",\"text\":\"" + payload(1, 5, 1234)
                + "\"}");
    }

    @Test
    void aRefusedUpgradeIsARefusalAndAnotherAnswerAWrongReply() {
        for (String status : List.of("503 Service Unavailable", "403 Forbidden")) {
            ChatWsWire wire = new ChatWsWire(PLAN);
            ChatClient c = new ChatClient(0, PLAN, wire.inbound());
            c.inbound.open(c);
            byte[] answer = ("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            assertThatThrownBy(() -> c.inbound.feed(c, ByteBuffer.wrap(answer), h -> { }))
                    .isInstanceOfSatisfying(ChatWire.Broken.class, b -> assertThat(b.kind).isEqualTo(
                            status.startsWith("503") ? FailureKind.REFUSED : FailureKind.WRONG_REPLY))
                    .hasMessage("handshake refused: HTTP/1.1 " + status);
        }
    }
}
