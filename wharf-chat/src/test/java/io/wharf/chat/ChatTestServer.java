package io.wharf.chat;

import io.wharf.chat.domain.ChatHub;
import io.wharf.chat.domain.ChatSettings;
import io.wharf.chat.line.LineChat;
import io.wharf.chat.store.SqliteStore;
import io.wharf.core.Limits;
import io.wharf.core.Watermarks;
import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.SocketOptions;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * A chat server on an ephemeral port for tests: cheap password hashing, admin {@code alice}, and a pool big
 * enough for 100 clients under the {@code pool} model. Closing it stops the server, then the chat.
 */
final class ChatTestServer implements AutoCloseable {

    static final int MAX_LINE = 4096;

    final Server server;
    private final LineChat chat;

    private ChatTestServer(Server server, LineChat chat) {
        this.server = server;
        this.chat = chat;
    }

    static Builder on(Model model) {
        return new Builder(model);
    }

    InetSocketAddress address() {
        return server.localAddress();
    }

    @Override
    public void close() {
        server.close(); // shuts the chat service down too
    }

    static final class Builder {
        private final Model model;
        private String database = ":memory:";
        private int rate = 5;
        private int burst = 10;
        private Limits limits = Limits.DEFAULTS;
        private int sendBuffer;

        private Builder(Model model) {
            this.model = model;
        }

        Builder database(String db) {
            database = db;
            return this;
        }

        Builder flood(int linesPerSecond, int atOnce) {
            rate = linesPerSecond;
            burst = atOnce;
            return this;
        }

        Builder maxOutbox(long bytes, int socketSendBuffer) {
            // the watermarks must fit under the small outbox: a slow reader pauses first, then is dropped
            limits = new Limits(limits.maxConnections(), Duration.ZERO, bytes, Duration.ofSeconds(10),
                    new Watermarks(bytes / 4, bytes / 2));
            sendBuffer = socketSendBuffer;
            return this;
        }

        ChatTestServer start() throws Exception {
            ChatSettings settings = ChatSettings.defaults().withAdmins(Set.of("alice")).withPasswordIterations(1000)
                    .withHistory(50, 500);
            ChatHub hub = new ChatHub(settings, SqliteStore.open(database), Clock.systemDefaultZone());
            LineChat chat = new LineChat(hub, Clock.systemDefaultZone(), MAX_LINE, rate, burst);
            ServerSettings d = ServerSettings.defaults(0, model).withBindAddress("127.0.0.1")
                    .withPool(120, 16, Duration.ofSeconds(5)).withLimits(limits);
            SocketOptions so = new SocketOptions(true, false, 0, sendBuffer, false, true);
            ServerSettings s = new ServerSettings(d.bindAddress(), 0, d.backlog(), model, d.threadPoolSize(),
                    d.queueSize(), d.enqueueTimeout(), 2, 2, so, Duration.ofSeconds(5), limits);
            try {
                return new ChatTestServer(Server.start(s, chat, new io.wharf.core.stats.ServerStats()), chat);
            } catch (Exception e) {
                chat.shutdown();
                throw e;
            }
        }
    }
}
