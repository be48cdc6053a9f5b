package io.wharf.chat;

import io.wharf.core.Model;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat's accounts and history over real sockets, once per supported model: registering and logging in,
 * the history shown on joining, on request and of what a logged-in user missed, and their survival (with rooms,
 * topics and bans) across a restart.
 */
@Timeout(60)
class ChatAccountsTest {

    @RegisterExtension
    final OpenChats chats = new OpenChats();

    @EveryChatModel
    void registerAndLogInAndAWrongPasswordIsRefused(Model model) throws Exception {
        chats.start(model);
        Chatter first = chats.join();
        first.send("/register ann correct horse");
        first.until("* registered and logged in as ann");
        first.nick = "ann";
        first.send("/register ann again");
        assertThat(first.readLine()).isEqualTo("! you are already logged in as ann");

        Chatter second = chats.join();
        second.send("/register ANN x");
        assertThat(second.readLine()).isEqualTo("! 'ann' is already registered");
        second.send("/nick ann");
        assertThat(second.readLine()).isEqualTo("! nick 'ann' is taken");
        first.send("/quit");
        first.until("* goodbye (quit)");
        second.until(l -> l.startsWith("* ann quit"));
        second.send("/nick ann");
        assertThat(second.readLine()).isEqualTo("! nick 'ann' is registered: log in to use it");
        second.send("/login ann correct hors");
        assertThat(second.readLine()).isEqualTo("! wrong name or password");
        second.send("/login nobody whatever");
        assertThat(second.readLine()).isEqualTo("! wrong name or password");
        second.send("/login ann");
        assertThat(second.readLine()).isEqualTo("! usage: /login NAME PASSWORD");
        second.send("/login ann correct horse");
        assertThat(second.readLine()).endsWith(" is now known as ann");
        assertThat(second.readLine()).startsWith("* logged in as ann; last seen ");
    }

    @EveryChatModel
    void historyOnJoinOnRequestAndWhatALoggedInUserMissed(Model model) throws Exception {
        chats.start(model);
        Chatter ann = chats.join();
        ann.register("ann", "pw");
        ann.send("/join dev");
        ann.until("* now talking in dev");
        for (int i = 1; i <= 3; i++) {
            ann.send("line " + i);
            assertThat(ann.nextSaid()).isEqualTo("ann: line " + i);
        }
        ann.send("/quit");
        ann.until("* goodbye (quit)");

        Chatter bob = chats.join();
        bob.send("/join dev");
        bob.until("* now talking in dev");
        assertThat(bob.readLine()).isEqualTo("* last 3 message(s) in dev:");
        assertThat(bob.until("* end of history")).hasSize(3).allMatch(l -> Chatter.SAID.matcher(l).matches());
        bob.send("while you were away");
        bob.nextSaid();
        bob.send("/history 2");
        assertThat(bob.readLine()).isEqualTo("* history of dev, 2 message(s):");
        assertThat(bob.readLine()).endsWith("[dev] ann: line 3");
        assertThat(bob.readLine()).endsWith("[dev] " + bob.nick + ": while you were away");
        assertThat(bob.readLine()).isEqualTo("* end of history");
        bob.send("/history zero");
        assertThat(bob.readLine()).startsWith("! usage: /history [N]");

        Chatter back = chats.join();
        back.send("/login ann pw");
        List<String> login = back.until("* end of history");
        assertThat(login).contains("* ann joined dev", "* now talking in dev",
                "* 1 message(s) in dev since you were last here:");
        assertThat(login.getLast()).endsWith("[dev] " + bob.nick + ": while you were away");
        back.send("back in dev");
        assertThat(bob.nextSaid()).isEqualTo("ann: back in dev");
    }

    /** Issue 12: the room a guest is in replays on joining; logging in must not show those messages again. */
    @EveryChatModel
    void loggingInShowsEachMissedMessageOnce(Model model) throws Exception {
        chats.start(model);
        Chatter ann = chats.join();
        ann.register("ann", "pw");
        ann.send("/join dev");
        ann.until("* now talking in dev");
        ann.send("/join lobby");
        ann.until("* now talking in lobby");
        ann.send("/quit");
        ann.until("* goodbye (quit)");

        Chatter bob = chats.join().nick("bob");
        bob.send("missed in lobby");
        bob.nextSaid();
        bob.send("/join dev");
        bob.until("* now talking in dev");
        bob.send("missed in dev");
        bob.nextSaid();

        Chatter back = chats.connect();
        List<String> seen = new ArrayList<>(back.until("* now talking in lobby"));
        back.send("/login ann pw");
        seen.addAll(back.until(l -> l.startsWith("* logged in as ann")));
        seen.addAll(back.until("* end of history"));
        back.send("/msg ann marker");
        seen.addAll(back.until(l -> l.endsWith("[ann -> ann] marker")));
        assertThat(seen.stream().filter(l -> l.endsWith("bob: missed in lobby"))).as("in the guest's replay only")
                .hasSize(1);
        assertThat(seen.stream().filter(l -> l.endsWith("bob: missed in dev"))).as("in the login's missed only")
                .hasSize(1);
        assertThat(seen).containsSubsequence("* last 1 message(s) in lobby:", "* now talking in dev",
                "* 1 message(s) in dev since you were last here:").doesNotContain(
                "* 1 message(s) in lobby since you were last here:");
    }

    @EveryChatModel
    void accountsRoomsTopicsBansAndHistorySurviveARestart(Model model, @TempDir Path dir) throws Exception {
        String db = dir.resolve("chat.db").toString();
        chats.start(ChatTestServer.on(model).database(db));
        Chatter ann = chats.join();
        ann.register("ann", "pw");
        ann.send("/topic before the restart");
        ann.until(l -> l.startsWith("* ann set the topic"));
        ann.send("said before");
        ann.nextSaid();
        Chatter bob = chats.join();
        bob.register("bob", "pw");
        bob.send("/quit");
        bob.until("* goodbye (quit)");
        Chatter alice = chats.join();
        alice.register("alice", "pw");
        alice.send("/ban bob");
        alice.until("* bob banned by alice");
        alice.close();
        ann.close();
        chats.server().close();

        chats.start(ChatTestServer.on(model).database(db));
        Chatter back = chats.connect();
        List<String> welcome = back.until("* end of history");
        assertThat(welcome).contains("* topic of lobby: before the restart (set by ann)",
                "* last 1 message(s) in lobby:");
        assertThat(welcome.getLast()).endsWith("[lobby] ann: said before");
        back.send("/nick ann");
        assertThat(back.readLine()).isEqualTo("! nick 'ann' is registered: log in to use it");
        back.send("/login ann pw");
        back.until(l -> l.startsWith("* logged in as ann"));

        Chatter banned = chats.join();
        banned.send("/login bob pw");
        banned.until("* goodbye (this account is banned)");
        assertThat(banned.closedByServer()).isTrue();
    }
}
