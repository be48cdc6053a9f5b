package io.wharf.ws.chat;

import io.wharf.chat.domain.ChatHub;
import io.wharf.chat.domain.ChatSettings;
import io.wharf.chat.store.SqliteStore;
import io.wharf.ws.Frame;
import io.wharf.ws.WebSocket;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A message to a room is encoded once: every member's socket is handed the very same frame. */
class EncodeOnceTest {

    private static final int MEMBERS = 200;

    /** A socket that keeps the frames it is given. */
    private static final class Recording implements WebSocket {
        final List<Frame> frames = new CopyOnWriteArrayList<>();

        @Override
        public void sendText(String text) {
            throw new AssertionError("the chat sends frames encoded for the room");
        }

        @Override
        public void send(boolean text, ByteBuffer payload) {
            throw new AssertionError("the chat sends frames encoded for the room");
        }

        @Override
        public void send(Frame frame) {
            frames.add(frame);
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public boolean writable() {
            return true;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 50_000);
        }

        @Override
        public String subprotocol() {
            return "";
        }

        /** The frames whose bytes contain {@code text}. */
        List<Frame> with(String text) {
            return frames.stream().filter(f -> StandardCharsets.UTF_8.decode(f.bytes()).toString().contains(text))
                    .toList();
        }
    }

    @Test
    void aMessageToARoomIsOneFrameForAllItsMembers() throws Exception {
        ChatHub hub = new ChatHub(ChatSettings.defaults().withPasswordIterations(1000), SqliteStore.open(":memory:"),
                Clock.systemUTC());
        try {
            EncodeOnce frames = new EncodeOnce();
            List<Recording> sockets = new ArrayList<>();
            List<ChatEndpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                Recording socket = new Recording();
                ChatEndpoint endpoint = new ChatEndpoint(hub, 4096, 1000, 1000, frames);
                endpoint.onOpen(socket);
                sockets.add(socket);
                endpoints.add(endpoint);
            }
            endpoints.get(0).onMessage(sockets.get(0), true,
                    ByteBuffer.wrap("{\"type\":\"say\",\"text\":\"to every member\"}".getBytes(StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> sockets.stream().allMatch(s -> s.with("to every member").size() == 1));
            Set<Frame> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            sockets.forEach(s -> distinct.addAll(s.with("to every member")));
            assertThat(distinct).as("one frame, encoded once, for all %d members", MEMBERS).hasSize(1);
        } finally {
            hub.close();
        }
    }
}
