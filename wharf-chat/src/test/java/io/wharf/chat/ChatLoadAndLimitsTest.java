package io.wharf.chat;

import io.wharf.core.Model;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chat under load and at its limits, over real sockets, once per supported model: a full room, moderation,
 * flood control, and a client that stops reading.
 */
@Timeout(90)
class ChatLoadAndLimitsTest {

    private static final Pattern NUMBERED = Pattern.compile("\\d\\d:\\d\\d:\\d\\d \\[lobby] \\S+: m (\\d+) (\\d+)");

    @RegisterExtension
    final OpenChats chats = new OpenChats();

    /** Every message reaches every member exactly once, each sender's in the order sent. */
    @EveryChatModel
    void aHundredClientsInOneRoom(Model model) throws Exception {
        chats.start(model);
        int clients = 100;
        int perClient = 5;
        List<Chatter> chatters = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            chatters.add(chats.join());
        }
        Chatter first = chatters.getFirst();
        first.until("* " + chatters.getLast().nick + " joined lobby");

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Map<Integer, List<Integer>>>> received = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Chatter c = chatters.get(i);
                int id = i;
                received.add(threads.submit(() -> {
                    for (int k = 0; k < perClient; k++) {
                        c.send("m " + id + " " + k);
                    }
                    Map<Integer, List<Integer>> bySender = new HashMap<>();
                    int total = 0;
                    while (total < clients * perClient) {
                        Matcher m = NUMBERED.matcher(c.readLine());
                        if (m.matches()) {
                            bySender.computeIfAbsent(Integer.parseInt(m.group(1)), s -> new ArrayList<>())
                                    .add(Integer.parseInt(m.group(2)));
                            total++;
                        }
                    }
                    return bySender;
                }));
            }
            List<Integer> inOrder = List.of(0, 1, 2, 3, 4);
            for (Future<Map<Integer, List<Integer>>> f : received) {
                Map<Integer, List<Integer>> bySender = f.get(60, TimeUnit.SECONDS);
                assertThat(bySender).hasSize(clients);
                assertThat(bySender.values()).allSatisfy(ks -> assertThat(ks).isEqualTo(inOrder));
            }
        }
        // nothing more after the 500: the next chat line anyone sees is the marker
        first.send("done");
        for (Chatter c : chatters) {
            assertThat(c.nextSaid()).isEqualTo(first.nick + ": done");
        }
    }

    @EveryChatModel
    void adminsKickMuteBanAndUnbanAndNobodyElseMay(Model model) throws Exception {
        chats.start(model);
        Chatter alice = chats.join();
        alice.register("alice", "pw");
        Chatter bob = chats.join();
        bob.register("bob", "pw");
        alice.until(l -> l.endsWith("is now known as bob"));

        bob.send("/kick alice");
        assertThat(bob.readLine()).isEqualTo("! only admins may kick");
        bob.send("/broadcast hi all");
        assertThat(bob.readLine()).isEqualTo("! only admins may broadcast");
        bob.send("/ban alice");
        assertThat(bob.readLine()).isEqualTo("! only admins may ban");

        alice.send("/mute bob 1");
        assertThat(alice.readLine()).isEqualTo("* bob muted by alice (for 1 minute(s))");
        assertThat(bob.readLine()).isEqualTo("* bob muted by alice (for 1 minute(s))");
        bob.send("can you hear me");
        assertThat(bob.readLine()).isEqualTo("! you are muted for 1 more minute(s)");
        alice.send("/mute bob 0");
        assertThat(bob.readLine()).isEqualTo("* bob unmuted by alice");
        bob.send("back");
        assertThat(alice.until(l -> Chatter.SAID.matcher(l).matches()).getLast()).isEqualTo("* bob unmuted by alice");

        alice.send("/broadcast maintenance at noon");
        assertThat(bob.until(l -> l.startsWith("* BROADCAST"))).noneMatch(l -> l.contains("can you hear me"));

        alice.send("/kick bob spamming");
        assertThat(bob.until(l -> l.startsWith("* goodbye"))).isEmpty();
        assertThat(bob.closedByServer()).isTrue();
        alice.until("* bob quit (kicked by alice: spamming)");

        Chatter bob2 = chats.join();
        bob2.send("/login bob pw");
        bob2.until(l -> l.startsWith("* logged in as bob"));
        alice.send("/ban bob");
        bob2.until("* goodbye (banned by alice)");
        assertThat(bob2.closedByServer()).isTrue();
        alice.until("* bob quit (banned by alice)");

        Chatter refused = chats.connect();
        assertThat(refused.readLine()).isEqualTo("* goodbye (this address is banned)");
        assertThat(refused.closedByServer()).isTrue();

        alice.send("/unban nobody");
        assertThat(alice.readLine()).isEqualTo("! no ban on 'nobody': /bans lists them");
        alice.send("/unban bob");
        alice.until("* bob unbanned by alice (account bob, address 127.0.0.1)");
        Chatter bob3 = chats.join();
        bob3.send("/login bob pw");
        bob3.until(l -> l.startsWith("* logged in as bob"));
    }

    /** Issue 12: a guest's ban is on its address, but it is listed and lifted by the name it was banned under. */
    @EveryChatModel
    void aBannedGuestIsListedAndUnbannedByNameOrAddress(Model model) throws Exception {
        chats.start(model);
        Chatter alice = chats.join();
        alice.register("alice", "pw");
        Chatter mallory = chats.join().nick("mallory");
        mallory.send("/bans");
        assertThat(mallory.readLine()).isEqualTo("! only admins may list bans (log in first if you are one)");
        alice.send("/bans");
        assertThat(alice.until(l -> l.startsWith("* no bans"))).noneMatch(l -> l.startsWith("* bans"));
        alice.send("/ban mallory spamming");
        mallory.until("* goodbye (banned by alice: spamming)");
        alice.until("* mallory banned by alice (spamming)");
        Chatter refused = chats.connect();
        assertThat(refused.readLine()).isEqualTo("* goodbye (this address is banned)");

        alice.send("/bans");
        alice.until("* bans (1); /unban NAME or ADDRESS lifts one:");
        assertThat(alice.readLine()).matches(
                "\\*   mallory: guest, address 127\\.0\\.0\\.1; by alice at \\d\\d:\\d\\d:\\d\\d, until lifted \\(spamming\\)");
        alice.send("/unban mallory");
        assertThat(alice.readLine()).isEqualTo("* mallory unbanned by alice (address 127.0.0.1)");
        Chatter back = chats.join().nick("mallory");

        alice.send("/ban mallory");
        back.until("* goodbye (banned by alice)");
        alice.until("* mallory banned by alice");
        alice.until("* mallory quit (banned by alice)");
        alice.send("/unban 127.0.0.1");
        assertThat(alice.readLine()).isEqualTo("* 127.0.0.1 unbanned by alice (address 127.0.0.1)");
        alice.send("/bans");
        assertThat(alice.readLine()).isEqualTo("* no bans");
        chats.join();
    }

    @EveryChatModel
    void aBanHoldsAcrossAReconnectAndByAccount(Model model) throws Exception {
        chats.start(model);
        Chatter alice = chats.join();
        alice.register("alice", "pw");
        Chatter bob = chats.join();
        bob.register("bob", "pw");
        bob.send("/quit");
        bob.until("* goodbye (quit)");

        alice.send("/ban bob");
        alice.until("* bob banned by alice");
        Chatter guest = chats.join();
        guest.send("/login bob pw");
        assertThat(guest.until(l -> l.startsWith("* goodbye"))).isEmpty();
        assertThat(guest.closedByServer()).isTrue();
    }

    @EveryChatModel
    void aFlooderIsWarnedThenDisconnected(Model model) throws Exception {
        chats.start(model);
        Chatter ann = chats.join().nick("ann");
        Chatter flooder = chats.join();
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            burst.append("flood ").append(i).append("\r\n");
        }
        flooder.client.send(burst.toString());
        List<String> seen = flooder.until("* goodbye (flooding)");
        assertThat(seen).contains("! slow down: you are sending too fast; lines are being dropped");
        assertThat(seen.stream().filter(l -> Chatter.SAID.matcher(l).matches())).hasSize(10);
        assertThat(flooder.closedByServer()).isTrue();
        List<String> annSaw = ann.until("* " + flooder.nick + " quit (flooding)");
        assertThat(annSaw.stream().filter(l -> l.contains("flood "))).hasSize(10);
    }

    /** Telnet commands that get an answer count like lines, or they would be output for free. */
    @EveryChatModel
    void aFloodOfTelnetCommandsIsFloodControlledToo(Model model) throws Exception {
        chats.start(model);
        Chatter flooder = chats.join();
        byte[] burst = new byte[60];
        for (int i = 0; i < burst.length; i += 2) {
            burst[i] = (byte) 255;
            burst[i + 1] = (byte) 246; // IAC AYT
        }
        flooder.client.sendRaw(burst);
        assertThat(flooder.client.readBytes(3)).as("DO BINARY").containsExactly(255, 253, 0);
        List<String> seen = flooder.until("* goodbye (flooding)");
        assertThat(seen).contains("! slow down: you are sending too fast; lines are being dropped");
        assertThat(seen.stream().filter(l -> l.equals("* yes, still here"))).as("at most message_burst")
                .hasSizeLessThanOrEqualTo(10);
        assertThat(flooder.closedByServer()).isTrue();
    }

    @EveryChatModel
    void aStalledReaderIsDroppedWhileOthersKeepChatting(Model model) throws Exception {
        chats.start(ChatTestServer.on(model).flood(10_000, 10_000).maxOutbox(32 * 1024, 4096));
        Socket stalled = chats.track(new Socket());
        stalled.setReceiveBufferSize(4096);
        stalled.connect(chats.server().address());
        Chatter ann = chats.join().nick("ann");
        Chatter bob = chats.join().nick("bob");
        String filler = "z".repeat(3000);
        java.util.regex.Pattern quit = java.util.regex.Pattern.compile("\\* guest\\d+ quit \\(connection closed\\)");
        boolean bobSawTheQuit = false;
        for (int i = 0; i < 2000 && chats.server().server.stats().activeConnections() > 2; i++) {
            ann.send(i + " " + filler);
            assertThat(ann.nextSaid()).startsWith("ann: " + i + " ");
            // bob keeps up in step, so only the stalled reader's output piles up, however slow this machine is
            String said = "ann: " + i + " ";
            for (String line = bob.readLine(); !line.contains("] " + said); line = bob.readLine()) {
                bobSawTheQuit |= quit.matcher(line).matches();
            }
        }
        while (!bobSawTheQuit) {
            bobSawTheQuit = quit.matcher(bob.readLine()).matches();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> chats.server().server.stats().activeConnections() == 2);
        assertThat(drainedToTheEnd(stalled)).isTrue();
        bob.send("still chatting");
        assertThat(ann.until(l -> l.endsWith("bob: still chatting"))).allMatch(l -> !l.startsWith("!"));
    }

    /** Reads what the server sent before dropping the socket: true once the stream ends or is reset. */
    private static boolean drainedToTheEnd(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[64 * 1024];
        try {
            while (in.read(sink) >= 0) {
                // keep draining
            }
            return true;
        } catch (SocketException e) {
            return true;
        }
    }
}
