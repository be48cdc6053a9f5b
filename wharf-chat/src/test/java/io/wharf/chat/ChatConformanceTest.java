package io.wharf.chat;

import io.wharf.core.Model;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat conversation over real sockets, once per supported model: welcome, rooms and notices, private
 * messages, nick rules and whois. Accounts and history are in {@link ChatAccountsTest}, the telnet side and
 * shutdown in {@link ChatConnectionTest}; moderation, flood control and the 100-client room in
 * {@link ChatLoadAndLimitsTest}.
 */
@Timeout(60)
class ChatConformanceTest {

    @RegisterExtension
    final OpenChats chats = new OpenChats();

    @EveryChatModel
    void welcomesWithHelpAndAnswersUnknownCommands(Model model) throws Exception {
        chats.start(model);
        Chatter c = chats.connect();
        List<String> welcome = c.until("* now talking in lobby");
        assertThat(welcome.getFirst()).matches("\\* Welcome to wharf chat, guest\\d+!");
        assertThat(welcome).allMatch(l -> l.startsWith("* "))
                .anyMatch(l -> l.startsWith("*   /join ROOM")).anyMatch(l -> l.startsWith("*   /quit"));
        c.send("/help");
        assertThat(c.readLine()).isEqualTo("* Type a line to talk to your current room. Commands:");
        c.until("* A line starting with // is sent as text starting with /.");
        c.send("/frobnicate");
        assertThat(c.readLine()).isEqualTo("! unknown command /frobnicate: /help lists them");
        c.send("/quit see you");
        assertThat(c.readLine()).isEqualTo("* goodbye (see you)");
        assertThat(c.closedByServer()).isTrue();
    }

    @EveryChatModel
    void roomsTopicsActionsAndTheNoticesThatGoWithThem(Model model) throws Exception {
        chats.start(model);
        Chatter ann = chats.join().nick("ann");
        Chatter bob = chats.join();
        ann.until("* " + bob.nick + " joined lobby");
        bob.nick("bob");
        ann.until(l -> l.endsWith(" is now known as bob"));

        ann.send("/join #dev");
        assertThat(ann.until("* now talking in dev")).containsExactly("* ann joined dev");
        bob.send("/join dev");
        ann.until("* bob joined dev");
        bob.until("* now talking in dev");

        ann.send("hello dev");
        assertThat(bob.nextSaid()).isEqualTo("ann: hello dev");
        assertThat(ann.readLine()).matches("\\d\\d:\\d\\d:\\d\\d \\[dev] ann: hello dev");
        ann.send("/me waves");
        assertThat(bob.readLine()).matches("\\d\\d:\\d\\d:\\d\\d \\[dev] \\* ann waves");
        assertThat(ann.readLine()).endsWith("[dev] * ann waves");

        bob.send("/topic Release on Friday");
        assertThat(ann.until(l -> l.startsWith("* bob set the topic"))).isEmpty();
        bob.until("* bob set the topic of dev: Release on Friday");
        bob.send("/who");
        assertThat(bob.readLine()).isEqualTo("* in dev (2): ann, bob");
        bob.send("/rooms");
        assertThat(bob.readLine()).isEqualTo("* rooms (2):");
        assertThat(bob.readLine()).isEqualTo("*   dev (2): Release on Friday");
        assertThat(bob.readLine()).isEqualTo("*   lobby (2)");

        Chatter cat = chats.join();
        cat.send("/join dev");
        assertThat(cat.until("* now talking in dev")).contains("* topic of dev: Release on Friday (set by bob)");

        ann.send("/part");
        assertThat(bob.until("* ann left dev")).doesNotContain("* ann left lobby");
        ann.until("* now talking in lobby");
        ann.send("/part dev");
        assertThat(ann.readLine()).isEqualTo("! you are not in 'dev'");
        ann.send("/join bad room!");
        assertThat(ann.readLine()).isEqualTo("! 'bad room!' is not a room name: it has a space; use 1-32 letters, digits, _ or -");
        ann.send("/join bad!");
        assertThat(ann.readLine()).isEqualTo("! 'bad!' is not a room name: '!' is not allowed; use 1-32 letters, digits, _ or -");
        ann.send("/join");
        assertThat(ann.readLine()).isEqualTo("! usage: /join ROOM");

        cat.send("/quit");
        assertThat(bob.until(l -> l.startsWith("* " + cat.nick + " quit"))).isEmpty();
        assertThat(ann.until(l -> l.startsWith("* " + cat.nick + " quit"))).isEmpty();
    }

    @EveryChatModel
    void privateMessagesReachTheirRecipientOnly(Model model) throws Exception {
        chats.start(model);
        Chatter ann = chats.join().nick("ann");
        Chatter bob = chats.join().nick("bob");
        Chatter cat = chats.join().nick("cat");
        ann.send("/msg BOB the secret is 42");
        assertThat(bob.until(l -> l.contains("[ann -> bob]"))).noneMatch(l -> l.contains("secret"));
        assertThat(ann.until(l -> l.contains("[ann -> bob]"))).noneMatch(l -> l.contains("secret"));
        ann.send("/msg nobody hi");
        assertThat(ann.readLine()).isEqualTo("! no one called 'nobody' is here");
        ann.send("/msg bob");
        assertThat(ann.readLine()).isEqualTo("! usage: /msg NICK TEXT");
        ann.send("public now");
        assertThat(cat.until(l -> l.endsWith("ann: public now"))).noneMatch(l -> l.contains("secret"));
        assertThat(bob.nextSaid()).isEqualTo("ann: public now");
    }

    @EveryChatModel
    void nicksAreUniqueIgnoringCaseAndFollowTheRules(Model model) throws Exception {
        chats.start(model);
        Chatter ann = chats.join().nick("Ann");
        Chatter other = chats.join();
        for (String[] bad : new String[][] {{"bad!", "'!' is not allowed"}, {"a".repeat(33), "it is 33 characters long"},
                {"été", "'é' is not allowed"}, {"bad name!", "it has a space"}}) {
            other.send("/nick " + bad[0]);
            assertThat(other.readLine()).isEqualTo("! '" + bad[0] + "' is not a nick: " + bad[1]
                    + "; use 1-32 letters, digits, _ or -");
        }
        other.send("/nick ANN");
        assertThat(other.readLine()).isEqualTo("! nick 'Ann' is taken");
        other.send("/nick");
        assertThat(other.readLine()).isEqualTo("! usage: /nick NAME");
        other.nick("a".repeat(32)).nick("x_y-Z9");
        ann.until("* " + "a".repeat(32) + " is now known as x_y-Z9");
        ann.nick("ann");
        other.until("* Ann is now known as ann");
    }

    /** Issue 12: every request that needs a current room is refused in the same words when there is none. */
    @EveryChatModel
    void outsideEveryRoomEachRequestIsRefusedInTheSameWords(Model model) throws Exception {
        chats.start(model);
        Chatter c = chats.join();
        c.send("/part");
        c.until("* you are in no room now: /join one");
        for (String request : List.of("hello?", "/me waves", "/who", "/topic", "/topic new", "/history", "/part")) {
            c.send(request);
            assertThat(c.readLine()).as(request).isEqualTo("! you are in no room: join one first");
        }
    }

    @EveryChatModel
    void whoisSaysWhoSomeoneIsAndShowsAdminsTheAddress(Model model) throws Exception {
        chats.start(model);
        Chatter alice = chats.join();
        alice.register("alice", "pw");
        Chatter bob = chats.join();
        bob.register("bob", "pw");
        bob.send("/join dev");
        bob.until("* now talking in dev");
        Chatter guest = chats.join();
        guest.send("/whois BOB");
        assertThat(guest.readLine()).isEqualTo("* whois bob: account bob");
        assertThat(guest.readLine()).isEqualTo("*   rooms: lobby, dev");
        assertThat(guest.readLine()).matches("\\*   connected since \\d\\d:\\d\\d:\\d\\d, idle \\d+s");
        guest.send("/whois " + guest.nick);
        assertThat(guest.readLine()).isEqualTo("* whois " + guest.nick + ": guest");
        assertThat(guest.readLine()).isEqualTo("*   rooms: lobby");
        assertThat(guest.readLine()).startsWith("*   connected since ");
        guest.send("/whois alice");
        assertThat(guest.readLine()).isEqualTo("* whois alice: account alice (admin)");
        assertThat(guest.until(l -> l.startsWith("*   connected since "))).hasSize(1);
        guest.send("/whois nobody");
        assertThat(guest.readLine()).as("no address for a non-admin").isEqualTo("! no one called 'nobody' is here");
        guest.send("/whois");
        assertThat(guest.readLine()).isEqualTo("! usage: /whois NICK");

        alice.send("/whois " + guest.nick);
        alice.until("* whois " + guest.nick + ": guest");
        assertThat(alice.until(l -> l.startsWith("*   address "))).hasSize(2).last().asString()
                .startsWith("*   connected since ");
    }
}
