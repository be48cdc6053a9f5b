package io.wharf.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.chat.domain.ChatHub;
import io.wharf.chat.domain.ChatSettings;
import io.wharf.chat.line.LineChat;
import io.wharf.chat.store.SqliteStore;
import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chat load end to end: against wharf's chat server in process, under every model that serves chat, every
 * message reaches every member of its room exactly once; against a fake server that duplicates, drops or
 * misroutes, the report says so.
 */
class ChatLoadTest {

    private static ChatSpec small(int port) {
        return ChatSpec.of("127.0.0.1", port).withClients(20, 2).withRate(5)
                .withTimes(Duration.ofSeconds(1), Duration.ofMillis(200));
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"THREAD", "VIRTUAL", "POOL", "EVENT", "REACTOR"})
    void everyMessageReachesEveryMemberOfItsRoomOnce(Model model) throws Exception {
        Clock clock = Clock.systemDefaultZone();
        ChatHub hub = new ChatHub(ChatSettings.defaults().withPasswordIterations(1000), SqliteStore.open(":memory:"),
                clock);
        // The flood limit is raised: a load thread that falls behind sends its late messages together.
        LineChat chat = new LineChat(hub, clock, 4096, 100, 100);
        ServerSettings settings = ServerSettings.defaults(0, model).withBindAddress("127.0.0.1")
                .withPool(64, 16, Duration.ofSeconds(5));
        try (Server server = Server.start(settings, chat, new io.wharf.core.stats.ServerStats())) {
            ChatReport r = ChatLoad.run(small(server.localAddress().getPort()).withThreads(2), LoadProgress.NONE);

            assertThat(r.joined()).isEqualTo(20);
            assertThat(r.sent()).isPositive();
            assertThat(r.expected()).isEqualTo(r.sent() * 10); // ten members per room, the sender included
            assertThat(r.deliveries()).isEqualTo(r.expected());
            assertThat(r.lost()).isZero();
            assertThat(r.duplicates()).isZero();
            assertThat(r.late()).isZero();
            assertThat(r.serverErrors()).isZero();
            assertThat(r.totalFailures()).isZero();
            assertThat(r.latencyMicros().getTotalCount()).isEqualTo(r.deliveries());
            assertThat(r.connectionsOpened()).isEqualTo(20);
            assertThat(r.clean()).isTrue();
        }
    }

    /** A one-room fake: confirms the join, then answers each message line as {@code copies} chat lines. */
    private static TestServer.Behaviour fake(String roomShown, int copies, boolean dropOdd) {
        return client -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = client.getOutputStream();
            String room = null;
            long n = 0;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("/join ")) {
                    room = line.substring(6);
                    out.write(("* now talking in " + room + "\r\n").getBytes(StandardCharsets.US_ASCII));
                } else if (line.startsWith("wl:") && !(dropOdd && n++ % 2 == 1)) {
                    String shown = roomShown != null ? roomShown : room;
                    for (int i = 0; i < copies; i++) {
                        out.write(("12:00:00 [" + shown + "] me: " + line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                }
            }
        };
    }

    private static ChatReport runAgainst(TestServer.Behaviour behaviour) throws Exception {
        try (TestServer server = new TestServer(behaviour)) {
            ChatSpec spec = ChatSpec.of("127.0.0.1", server.port()).withClients(1, 1).withRate(50)
                    .withTimes(Duration.ofMillis(500), Duration.ZERO);
            return ChatLoad.run(new ChatSpec(spec.host(), spec.port(), 1, 1, 50, 1, spec.duration(), spec.warmup(), 64,
                    Duration.ofSeconds(1)), LoadProgress.NONE);
        }
    }

    @Test
    void duplicatesAreCountedNotDelivered() throws Exception {
        ChatReport r = runAgainst(fake(null, 2, false));
        assertThat(r.deliveries()).isPositive().isEqualTo(r.expected());
        assertThat(r.duplicates()).isGreaterThanOrEqualTo(r.deliveries());
        assertThat(r.lost()).isZero();
        assertThat(r.clean()).isFalse();
    }

    @Test
    void droppedMessagesAreLost() throws Exception {
        ChatReport r = runAgainst(fake(null, 1, true));
        assertThat(r.lost()).isPositive();
        assertThat(r.deliveries() + r.lost()).isEqualTo(r.expected());
        assertThat(r.clean()).isFalse();
    }

    @Test
    void aLineFromAnotherRoomIsAWrongReply() throws Exception {
        ChatReport r = runAgainst(fake("elsewhere", 1, false));
        assertThat(r.failures().get(FailureKind.WRONG_REPLY)).isPositive();
        assertThat(r.deliveries()).isZero();
        assertThat(r.lost()).isEqualTo(r.expected()).isPositive();
        // and says which line: the first few distinct ones, quoted and cut short
        assertThat(r.failureExamples()).isNotEmpty().hasSizeLessThanOrEqualTo(FailureExample.MAX_KEPT)
                .allSatisfy(e -> assertThat(e.reply()).startsWith("not from this client's room: \"12:00:00 "
                        + "[elsewhere] me: wl:"));
    }
}
