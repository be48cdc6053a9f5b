package io.wharf.ws.chat;

import io.wharf.core.Model;
import io.wharf.ws.RawWsClient;
import io.wharf.ws.codec.FrameDecoder;
import io.wharf.ws.codec.MessageAssembler;
import io.wharf.ws.codec.Opcode;
import io.wharf.ws.codec.ProtocolException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 WebSocket chat clients in one room under {@code event} and {@code reactor}: every one is let in, and a
 * message said by one reaches all of them (one frame encoded for the room, written to 1,000 sockets). The clients
 * are one selector in this JVM.
 */
class ThousandBrowsersTest {

    private static final int CLIENTS = 1000;
    private static final long TIMEOUT_NANOS = 90_000_000_000L;

    /** One client: its socket, what has come in, and whether it has seen what we wait for. */
    private static final class Client implements MessageAssembler.Sink {
        final SocketChannel channel;
        final FrameDecoder decoder = new FrameDecoder(false, false);
        final MessageAssembler assembler = new MessageAssembler(1 << 20, null, this);
        final StringBuilder head = new StringBuilder();
        boolean open;
        String awaited;
        boolean seen;

        Client(SocketChannel channel) {
            this.channel = channel;
        }

        void read(ByteBuffer in) throws ProtocolException {
            while (!open && in.hasRemaining()) {
                head.append((char) in.get());
                open = head.toString().endsWith("\r\n\r\n");
            }
            decoder.decode(in, assembler);
        }

        @Override
        public void message(boolean text, ByteBuffer payload) {
            if (awaited != null && StandardCharsets.UTF_8.decode(payload).toString().contains(awaited)) {
                seen = true;
            }
        }

        @Override
        public void control(int opcode, ByteBuffer payload) {
            assertThat(opcode).as("no close").isNotEqualTo(Opcode.CLOSE);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR"})
    void aMessageReachesAThousandSocketsInOneRoom(Model model) throws Exception {
        try (TwoListeners chat = TwoListeners.start(model, ":memory:", "chat.history_replay=0");
             Selector selector = Selector.open()) {
            InetSocketAddress at = chat.web.address();
            List<Client> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    SocketChannel ch = SocketChannel.open(at);
                    ch.write(ByteBuffer.wrap(RawWsClient.request("/chat")));
                    ch.configureBlocking(false);
                    Client c = new Client(ch);
                    c.awaited = "\"type\":\"connected\"";
                    ch.register(selector, SelectionKey.OP_READ, c);
                    clients.add(c);
                }
                pump(selector, clients);
                for (Client c : clients) {
                    c.awaited = "to all of you";
                    c.seen = false;
                }
                ByteBuffer say = ByteBuffer.wrap(RawWsClient.text("{\"type\":\"say\",\"text\":\"to all of you\"}"));
                while (say.hasRemaining()) {
                    clients.get(0).channel.write(say); // a few dozen bytes: one write, on an idle socket
                }
                pump(selector, clients);
            } finally {
                for (Client c : clients) {
                    c.channel.close();
                }
            }
        }
    }

    /** Reads every client until each has seen what it awaits. */
    private static void pump(Selector selector, List<Client> clients) throws IOException, ProtocolException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        long waiting = clients.stream().filter(c -> !c.seen).count();
        while (waiting > 0) {
            assertThat(System.nanoTime()).as("%d clients still waiting", waiting).isLessThan(deadline);
            selector.select(1000);
            for (SelectionKey k : selector.selectedKeys()) {
                Client c = (Client) k.attachment();
                buffer.clear();
                int n = c.channel.read(buffer);
                assertThat(n).as("the server keeps every socket open").isGreaterThanOrEqualTo(0);
                buffer.flip();
                c.read(buffer);
            }
            selector.selectedKeys().clear();
            waiting = clients.stream().filter(c -> !c.seen).count();
        }
    }
}
