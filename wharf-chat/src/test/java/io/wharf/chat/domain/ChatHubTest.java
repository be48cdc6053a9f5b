package io.wharf.chat.domain;

import io.wharf.chat.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The chat as any front-end sees it: requests in, events out, no text commands anywhere. */
class ChatHubTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);

    private ChatHub hub;

    @BeforeEach
    void start() throws Exception {
        hub = new ChatHub(ChatSettings.defaults().withAdmins(Set.of("root")).withPasswordIterations(1000),
                SqliteStore.open(":memory:"), CLOCK);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    /** A sink that keeps every event; the hub calls it on its own thread. */
    static final class Events implements ChatSink {
        final List<ChatEvent> all = new CopyOnWriteArrayList<>();

        @Override
        public void deliver(ChatEvent event) {
            all.add(event);
        }

        <T extends ChatEvent> List<T> of(Class<T> type) {
            return all.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    @Test
    void aSessionStartsAsAGuestInTheDefaultRoom() {
        Events events = new Events();
        hub.connect(events, "10.0.0.1");
        await().until(() -> events.all.size() >= 3);
        assertThat(events.all.subList(0, 3)).containsExactly(new ChatEvent.Connected("guest1"),
                new ChatEvent.Joined("lobby", "guest1"), new ChatEvent.Current("lobby"));
    }

    @Test
    void roomMessagesReachEveryMemberAndPrivateOnesOnlyTheirRecipient() {
        Events a = new Events();
        Events b = new Events();
        Events c = new Events();
        Session ann = hub.connect(a, "10.0.0.1");
        Session bob = hub.connect(b, "10.0.0.2");
        hub.connect(c, "10.0.0.3");
        ann.changeNick("ann");
        bob.changeNick("bob");
        ann.privateMessage("BOB", "psst");
        ann.say("hello all");
        await().until(() -> c.of(ChatEvent.Said.class).size() == 1);
        ChatMessage said = c.of(ChatEvent.Said.class).getFirst().message();
        assertThat(said).isEqualTo(new ChatMessage(1, "lobby", "ann", "hello all", false, CLOCK.instant()));
        await().until(() -> b.of(ChatEvent.Said.class).size() == 1 && a.of(ChatEvent.Said.class).size() == 1);
        ChatEvent.Private psst = new ChatEvent.Private("ann", "bob", "psst", CLOCK.instant());
        assertThat(b.of(ChatEvent.Private.class)).containsExactly(psst);
        assertThat(a.of(ChatEvent.Private.class)).containsExactly(psst);
        assertThat(c.of(ChatEvent.Private.class)).isEmpty();
    }

    @Test
    void refusalsAreEventsWithAReason() {
        Events a = new Events();
        Session s = hub.connect(a, "10.0.0.1");
        s.changeNick("no spaces");
        s.kick("guest1");
        s.privateMessage("ghost", "hi");
        s.echo("marker");
        await().until(() -> a.all.contains(new ChatEvent.Echo("marker")));
        assertThat(a.of(ChatEvent.Failure.class)).extracting(ChatEvent.Failure::reason)
                .containsExactly(ChatEvent.Reason.NICK_INVALID, ChatEvent.Reason.NOT_ADMIN, ChatEvent.Reason.NO_SUCH_NICK);
    }

    @Test
    void quittingTellsTheRoomAndEndsTheSessionWithDisconnected() {
        Events a = new Events();
        Events b = new Events();
        Session ann = hub.connect(a, "10.0.0.1");
        hub.connect(b, "10.0.0.2");
        ann.quit("bye now");
        ann.say("too late");
        await().until(() -> b.all.contains(new ChatEvent.Quit("guest1", "bye now")));
        await().until(() -> a.all.contains(new ChatEvent.Disconnected("bye now")));
        hub.close();
        assertThat(a.all.getLast()).isEqualTo(new ChatEvent.Disconnected("bye now"));
        assertThat(b.all.getLast()).isEqualTo(new ChatEvent.Disconnected("server shutting down"));
    }

    /** Issue 12: a guest banned by nick is listed under that nick and unbanned by it, across a restart. */
    @Test
    void aGuestBannedByNickIsListedAndLiftedByThatNickAfterARestart(@TempDir Path dir) throws Exception {
        String db = dir.resolve("chat.db").toString();
        ChatSettings settings = ChatSettings.defaults().withAdmins(Set.of("root")).withPasswordIterations(1000);
        Events admin = new Events();
        try (ChatHub first = new ChatHub(settings, SqliteStore.open(db), CLOCK)) {
            Session root = first.connect(admin, "10.0.0.1");
            root.register("root", "pw".toCharArray());
            await().until(() -> admin.all.contains(new ChatEvent.Registered("root")));
            Events guest = new Events();
            first.connect(guest, "10.0.0.66").changeNick("mallory");
            await().until(() -> admin.all.contains(new ChatEvent.NickChanged("guest2", "mallory")));
            root.ban("mallory", "spamming");
            await().until(() -> guest.all.contains(new ChatEvent.Disconnected("banned by root: spamming")));
        }
        ChatStore.Ban ban = new ChatStore.Ban("mallory", null, "10.0.0.66", "root", CLOCK.instant(), "spamming");
        Events again = new Events();
        try (ChatHub second = new ChatHub(settings, SqliteStore.open(db), CLOCK)) {
            Events refused = new Events();
            second.connect(refused, "10.0.0.66");
            await().until(() -> refused.all.contains(new ChatEvent.Disconnected("this address is banned")));
            Session root = second.connect(again, "10.0.0.1");
            root.login("root", "pw".toCharArray());
            await().until(() -> !again.of(ChatEvent.LoggedIn.class).isEmpty());
            root.listBans();
            root.unban("mallory");
            root.unban("mallory");
            root.listBans();
            await().until(() -> again.of(ChatEvent.Bans.class).size() == 2);
            assertThat(again.of(ChatEvent.Bans.class)).containsExactly(new ChatEvent.Bans(List.of(ban)),
                    new ChatEvent.Bans(List.of()));
            assertThat(again.of(ChatEvent.Moderated.class)).containsExactly(new ChatEvent.Moderated(
                    ChatEvent.Action.UNBANNED, "mallory", "root", "address 10.0.0.66"));
            assertThat(again.of(ChatEvent.Failure.class)).extracting(ChatEvent.Failure::message)
                    .containsExactly("no ban on 'mallory': /bans lists them");
        }
        try (ChatHub third = new ChatHub(settings, SqliteStore.open(db), CLOCK)) {
            Events back = new Events();
            third.connect(back, "10.0.0.66");
            await().until(() -> back.all.contains(new ChatEvent.Connected("guest1")));
        }
    }

    @Test
    void whoisTellsEveryoneTheSameButTheAddressOnlyToAnAdmin() {
        Events a = new Events();
        Events b = new Events();
        Session ann = hub.connect(a, "10.0.0.1");
        Session root = hub.connect(b, "10.0.0.2");
        root.register("root", "pw".toCharArray());
        await().until(() -> b.all.contains(new ChatEvent.Registered("root")));
        ann.join("dev");
        ann.say("hi");
        ann.whois("guest1");
        root.whois("GUEST1");
        ann.whois("root");
        await().until(() -> a.of(ChatEvent.Whois.class).size() == 2 && b.of(ChatEvent.Whois.class).size() == 1);
        ChatEvent.Whois plain = new ChatEvent.Whois("guest1", null, false, List.of("lobby", "dev"), CLOCK.instant(),
                java.time.Duration.ZERO, null);
        assertThat(a.of(ChatEvent.Whois.class)).containsExactly(plain, new ChatEvent.Whois("root", "root", true,
                List.of("lobby"), CLOCK.instant(), java.time.Duration.ZERO, null));
        assertThat(b.of(ChatEvent.Whois.class)).containsExactly(new ChatEvent.Whois("guest1", null, false,
                List.of("lobby", "dev"), CLOCK.instant(), java.time.Duration.ZERO, "10.0.0.1"));
    }
}
