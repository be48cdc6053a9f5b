package io.wharf.load;

import io.wharf.load.ws.WsFrameReader;
import io.wharf.load.ws.WsFrames;
import io.wharf.load.ws.WsHandshake;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The browser chat's JSON messages over a WebSocket ({@code ws://HOST:PORT/chat}, {@code wss://} with TLS): a
 * client upgrades, then leaves the default room, takes its nick and joins its room with {@code part},
 * {@code nick} and {@code join} requests, sends each message as {@code {"type":"say","text":...}} in a masked
 * text frame, and hears events ({@link ChatJsonEvent}). Pings are answered; the server's close frame, or an
 * upgrade it refuses, ends the connection (a 503 as a refusal).
 *
 * <p>Threading: as {@link ChatWire}.
 */
final class ChatWsWire implements ChatWire {

    private static final byte[] SAY = "{\"type\":\"say\",\"text\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\"}".getBytes(StandardCharsets.US_ASCII);
    /** What the server's event adds to a message's text: type, id, room, nick, action and time. */
    private static final int ENVELOPE = 1024;

    private final ChatPlan plan;
    private final int textCapacity;
    private final int maxMessage;
    private final ByteBuffer json;

    ChatWsWire(ChatPlan plan) {
        this.plan = plan;
        this.textCapacity = ChatPayload.maxLength(plan.tokenBytes.length, plan.spec.messageSize());
        this.json = ByteBuffer.allocate(SAY.length + textCapacity + END.length);
        this.maxMessage = WsFrames.maskedLength(json.capacity());
    }

    @Override
    public ChatWire.Inbound inbound() {
        return new Inbound();
    }

    @Override
    public int maxMessage() {
        return maxMessage;
    }

    @Override
    public void message(ChatClient c, long sequence, long intended) {
        json.clear().put(SAY);
        ChatPayload.write(json, plan.tokenBytes, c.id, sequence, intended, plan.spec.messageSize());
        WsFrames.writeMasked(c.out, WsFrames.TEXT, json.put(END).flip(), ThreadLocalRandom.current().nextInt());
    }

    /** Queues one request (JSON text, ASCII) as a masked frame. */
    private static void request(ChatClient c, String text) {
        ByteBuffer payload = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        c.reserve(WsFrames.maskedLength(payload.remaining())); // a fresh connection's outbox: always room
        WsFrames.writeMasked(c.out, WsFrames.TEXT, payload, ThreadLocalRandom.current().nextInt());
    }

    private final class Inbound implements ChatWire.Inbound, WsFrameReader.Listener {

        private final WsFrameReader frames = new WsFrameReader(textCapacity + ENVELOPE);
        private final ChatJsonEvent event = new ChatJsonEvent(textCapacity);
        private WsHandshake handshake;
        private boolean upgraded;
        private ChatClient client;
        private Listener listener;

        @Override
        public void open(ChatClient c) {
            handshake = new WsHandshake(plan.spec.host(), plan.address.getPort(), plan.spec.wsPath());
            upgraded = false;
            c.reserve(handshake.requestLength());
            c.out.put(handshake.request());
        }

        @Override
        public void feed(ChatClient c, ByteBuffer in, Listener to) throws Broken {
            client = c;
            listener = to;
            try {
                if (!upgraded) {
                    if (!handshake.feed(in)) {
                        return;
                    }
                    upgraded(c);
                }
                frames.feed(in, this);
            } catch (Broken b) {
                throw b;
            } catch (IOException e) {
                throw new Broken(FailureKind.PROTOCOL_ERROR, e.getMessage());
            }
        }

        private void upgraded(ChatClient c) throws Broken {
            String problem = handshake.problem();
            if (problem != null) {
                int status = handshake.status();
                throw new Broken(status == 503 ? FailureKind.REFUSED
                        : status < 0 ? FailureKind.PROTOCOL_ERROR : FailureKind.WRONG_REPLY, problem);
            }
            upgraded = true;
            // Leave the default room first, as the line clients do; nicks and rooms are the token's ASCII.
            request(c, "{\"type\":\"part\"}");
            request(c, "{\"type\":\"nick\",\"nick\":\"" + plan.nick(c.id, c.attempt) + "\"}");
            request(c, "{\"type\":\"join\",\"room\":\"" + plan.room(c.room) + "\"}");
        }

        @Override
        public void message(int opcode, long length, byte[] payload, int kept) {
            event.parse(payload, kept, opcode != WsFrames.TEXT || kept < length);
            listener.heard(event);
        }

        @Override
        public void control(int opcode, byte[] payload, int length) throws IOException {
            switch (opcode) {
                case WsFrames.PING -> {
                    if (!client.reserve(WsFrames.maskedLength(length))) {
                        throw new Broken(FailureKind.TIMEOUT, "the server does not read this client");
                    }
                    WsFrames.writeMasked(client.out, WsFrames.PONG, ByteBuffer.wrap(payload, 0, length),
                            ThreadLocalRandom.current().nextInt());
                }
                case WsFrames.CLOSE -> {
                    int code = length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                    throw new Broken(FailureKind.CLOSED, "the server closed the WebSocket (" + code
                            + (length > 2 ? " " + new String(payload, 2, length - 2, StandardCharsets.UTF_8) : "")
                            + ")");
                }
                default -> { } // an unasked-for pong is allowed
            }
        }

        @Override
        public void reset() {
            frames.reset();
            upgraded = false;
        }
    }
}
