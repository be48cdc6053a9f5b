package io.wharf.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The chat's text lines over TCP (or TLS): a client leaves the default room, takes its nick and joins its room
 * with commands, sends each message as a line, and hears lines ({@link ChatLine}).
 *
 * <p>Threading: as {@link ChatWire}.
 */
final class ChatLineWire implements ChatWire {

    /** What the server adds to a line: its time, room and the sender's nick. */
    private static final int PREFIX = 512;

    private final ChatPlan plan;
    private final int maxMessage;

    ChatLineWire(ChatPlan plan) {
        this.plan = plan;
        this.maxMessage = ChatPayload.maxLength(plan.tokenBytes.length, plan.spec.messageSize()) + 1;
    }

    @Override
    public ChatWire.Inbound inbound() {
        return new Inbound(maxMessage + PREFIX);
    }

    @Override
    public int maxMessage() {
        return maxMessage;
    }

    @Override
    public void message(ChatClient c, long sequence, long intended) {
        ChatPayload.write(c.out, plan.tokenBytes, c.id, sequence, intended, plan.spec.messageSize());
        c.out.put((byte) '\n');
    }

    private final class Inbound implements ChatWire.Inbound, ChatLineReader.Listener {

        private final ChatLineReader reader;
        private final ChatLine line = new ChatLine();
        private Listener listener;

        Inbound(int capacity) {
            this.reader = new ChatLineReader(capacity);
        }

        @Override
        public void open(ChatClient c) {
            // Leave the default room first: a thousand clients idling there would each hear every other arrive.
            byte[] setup = ("/part\n/nick " + plan.nick(c.id, c.attempt) + "\n/join " + plan.room(c.room) + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
            c.reserve(setup.length);
            c.out.put(setup);
        }

        @Override
        public void feed(ChatClient c, ByteBuffer in, Listener to) {
            listener = to;
            reader.feed(in, this);
        }

        @Override
        public void onLine(byte[] bytes, int length, boolean overflowed) {
            line.parse(bytes, length, overflowed);
            listener.heard(line);
        }

        @Override
        public void reset() {
            reader.reset();
        }
    }
}
