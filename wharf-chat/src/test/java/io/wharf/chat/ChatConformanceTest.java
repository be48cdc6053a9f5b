package io.wharf.chat;

import io.wharf.core.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat conversation over real sockets, once per supported model: welcome, rooms and notices, private
 * messages, nick rules, accounts, history and its survival across a restart. Moderation, flood control and
 * the 100-client room are in {@link ChatLoadAndLimitsTest}.
 */
@Timeout(60)
class ChatConformanceTest {

    /** One run per model the chat supports. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, names = {"THREAD", "VIRTUAL", "POOL", "EVENT", "REACTOR"})
    @interface EverySupportedModel {
    }

    private final List<AutoCloseable> open = new ArrayList<>();
    private ChatTestServer server;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @EverySupportedModel
    void welcomesWithHelpAndAnswersUnknownCommands(Model model) throws Exception {
        start(model);
        Chatter c = track(Chatter.connect(server.address()));
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

    @EverySupportedModel
    void roomsTopicsActionsAndTheNoticesThatGoWithThem(Model model) throws Exception {
        start(model);
        Chatter ann = join().nick("ann");
        Chatter bob = join();
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

        Chatter cat = join();
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

    @EverySupportedModel
    void privateMessagesReachTheirRecipientOnly(Model model) throws Exception {
        start(model);
        Chatter ann = join().nick("ann");
        Chatter bob = join().nick("bob");
        Chatter cat = join().nick("cat");
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

    @EverySupportedModel
    void nicksAreUniqueIgnoringCaseAndFollowTheRules(Model model) throws Exception {
        start(model);
        Chatter ann = join().nick("Ann");
        Chatter other = join();
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
    @EverySupportedModel
    void outsideEveryRoomEachRequestIsRefusedInTheSameWords(Model model) throws Exception {
        start(model);
        Chatter c = join();
        c.send("/part");
        c.until("* you are in no room now: /join one");
        for (String request : List.of("hello?", "/me waves", "/who", "/topic", "/topic new", "/history", "/part")) {
            c.send(request);
            assertThat(c.readLine()).as(request).isEqualTo("! you are in no room: join one first");
        }
    }

    @EverySupportedModel
    void whoisSaysWhoSomeoneIsAndShowsAdminsTheAddress(Model model) throws Exception {
        start(model);
        Chatter alice = join();
        alice.register("alice", "pw");
        Chatter bob = join();
        bob.register("bob", "pw");
        bob.send("/join dev");
        bob.until("* now talking in dev");
        Chatter guest = join();
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

    @EverySupportedModel
    void registerAndLogInAndAWrongPasswordIsRefused(Model model) throws Exception {
        start(model);
        Chatter first = join();
        first.send("/register ann correct horse");
        first.until("* registered and logged in as ann");
        first.nick = "ann";
        first.send("/register ann again");
        assertThat(first.readLine()).isEqualTo("! you are already logged in as ann");

        Chatter second = join();
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

    @EverySupportedModel
    void historyOnJoinOnRequestAndWhatALoggedInUserMissed(Model model) throws Exception {
        start(model);
        Chatter ann = join();
        ann.register("ann", "pw");
        ann.send("/join dev");
        ann.until("* now talking in dev");
        for (int i = 1; i <= 3; i++) {
            ann.send("line " + i);
            assertThat(ann.nextSaid()).isEqualTo("ann: line " + i);
        }
        ann.send("/quit");
        ann.until("* goodbye (quit)");

        Chatter bob = join();
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

        Chatter back = join();
        back.send("/login ann pw");
        List<String> login = back.until("* end of history");
        assertThat(login).contains("* ann joined dev", "* now talking in dev",
                "* 1 message(s) in dev since you were last here:");
        assertThat(login.getLast()).endsWith("[dev] " + bob.nick + ": while you were away");
        back.send("back in dev");
        assertThat(bob.nextSaid()).isEqualTo("ann: back in dev");
    }

    /** Issue 12: the room a guest is in replays on joining; logging in must not show those messages again. */
    @EverySupportedModel
    void loggingInShowsEachMissedMessageOnce(Model model) throws Exception {
        start(model);
        Chatter ann = join();
        ann.register("ann", "pw");
        ann.send("/join dev");
        ann.until("* now talking in dev");
        ann.send("/join lobby");
        ann.until("* now talking in lobby");
        ann.send("/quit");
        ann.until("* goodbye (quit)");

        Chatter bob = join().nick("bob");
        bob.send("missed in lobby");
        bob.nextSaid();
        bob.send("/join dev");
        bob.until("* now talking in dev");
        bob.send("missed in dev");
        bob.nextSaid();

        Chatter back = track(Chatter.connect(server.address()));
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

    @EverySupportedModel
    void accountsRoomsTopicsBansAndHistorySurviveARestart(Model model, @TempDir Path dir) throws Exception {
        String db = dir.resolve("chat.db").toString();
        start(ChatTestServer.on(model).database(db));
        Chatter ann = join();
        ann.register("ann", "pw");
        ann.send("/topic before the restart");
        ann.until(l -> l.startsWith("* ann set the topic"));
        ann.send("said before");
        ann.nextSaid();
        Chatter bob = join();
        bob.register("bob", "pw");
        bob.send("/quit");
        bob.until("* goodbye (quit)");
        Chatter alice = join();
        alice.register("alice", "pw");
        alice.send("/ban bob");
        alice.until("* bob banned by alice");
        alice.close();
        ann.close();
        server.close();

        start(ChatTestServer.on(model).database(db));
        Chatter back = track(Chatter.connect(server.address()));
        List<String> welcome = back.until("* end of history");
        assertThat(welcome).contains("* topic of lobby: before the restart (set by ann)",
                "* last 1 message(s) in lobby:");
        assertThat(welcome.getLast()).endsWith("[lobby] ann: said before");
        back.send("/nick ann");
        assertThat(back.readLine()).isEqualTo("! nick 'ann' is registered: log in to use it");
        back.send("/login ann pw");
        back.until(l -> l.startsWith("* logged in as ann"));

        Chatter banned = join();
        banned.send("/login bob pw");
        banned.until("* goodbye (this account is banned)");
        assertThat(banned.closedByServer()).isTrue();
    }

    @EverySupportedModel
    void telnetNegotiationIsAnsweredAndLinesMaySplitAnywhere(Model model) throws Exception {
        start(model);
        Chatter ann = join().nick("ann");
        Chatter telnet = join();
        byte[] bytes = concat(new byte[] {(byte) 255, (byte) 253, 1, (byte) 255, (byte) 251, 31},
                "héllo\r\nwörld\n".getBytes(StandardCharsets.UTF_8));
        for (byte b : bytes) {
            telnet.client.sendRaw(new byte[] {b});
        }
        assertThat(telnet.client.readBytes(9)).as("DO BINARY, WONT ECHO, DONT NAWS")
                .containsExactly(255, 253, 0, 255, 252, 1, 255, 254, 31);
        assertThat(ann.nextSaid()).isEqualTo(telnet.nick + ": héllo");
        assertThat(ann.nextSaid()).isEqualTo(telnet.nick + ": wörld");
        telnet.send("x".repeat(ChatTestServer.MAX_LINE + 1));
        assertThat(telnet.until("! line too long (max 4096 bytes): not sent"))
                .as("its own two lines only").hasSize(2).allMatch(l -> Chatter.SAID.matcher(l).matches());
        telnet.send("still here");
        assertThat(ann.nextSaid()).isEqualTo(telnet.nick + ": still here");
    }

    /**
     * What inetutils telnet sends (captured): 本 with its 0x9C stripped to {@code IAC BRK IAC DO TIMING-MARK}
     * before BINARY is on, and Ctrl-C as {@code IAC IP IAC DO TIMING-MARK}. Each mark is answered (telnet shows
     * nothing until it is), the room sees the text exactly, and the interrupted line is gone.
     */
    @EverySupportedModel
    void telnetCtrlCAndEightBitTextKeepTheSessionTalking(Model model) throws Exception {
        start(model);
        Chatter ann = join().nick("ann");
        Chatter telnet = join();
        int iac = 255;
        telnet.client.sendRaw(bytes(0xE6, 0x97, 0xA5, 0xE6, iac, 243, iac, 253, 6, 0xAC, 0xE8, 0xAA, 0x9E, '\r', '\n'));
        assertThat(telnet.client.readBytes(6)).as("DO BINARY, WILL TIMING-MARK").containsExactly(255, 253, 0, 255, 251, 6);
        assertThat(ann.nextSaid()).isEqualTo(telnet.nick + ": 日本語");
        assertThat(telnet.nextSaid()).isEqualTo(telnet.nick + ": 日本語");
        telnet.client.sendRaw(concat(bytes(iac, 251, 0), "typed, then Ctrl-C".getBytes(StandardCharsets.UTF_8)));
        telnet.client.sendRaw(bytes(iac, 244, iac, 253, 6));
        assertThat(telnet.client.readBytes(3)).as("WILL TIMING-MARK").containsExactly(255, 251, 6);
        telnet.client.sendRaw(concat("日本語 again ".getBytes(StandardCharsets.UTF_8), bytes(iac, iac, '\n')));
        assertThat(ann.nextSaid()).isEqualTo(telnet.nick + ": 日本語 again \uFFFD");
        telnet.client.sendRaw(bytes(iac, 246));
        assertThat(telnet.until("* yes, still here")).hasSize(1).allMatch(l -> l.endsWith("日本語 again \uFFFD"));
    }

    @EverySupportedModel
    void aGracefulShutdownSaysGoodbyeInsteadOfWaitingForUsersToLeave(Model model) throws Exception {
        start(model);
        Chatter ann = join().nick("ann");
        Chatter bob = join().nick("bob");
        assertThat(server.server.shutdown(Duration.ofSeconds(20))).as("every connection finished by itself").isTrue();
        ann.until("* goodbye (server shutting down)");
        bob.until("* goodbye (server shutting down)");
        assertThat(ann.closedByServer()).isTrue();
        assertThat(bob.closedByServer()).isTrue();
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private void start(Model model) throws Exception {
        start(ChatTestServer.on(model));
    }

    private void start(ChatTestServer.Builder builder) throws Exception {
        server = track(builder.start());
    }

    private Chatter join() throws IOException {
        return track(Chatter.join(server.address()));
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }
}
