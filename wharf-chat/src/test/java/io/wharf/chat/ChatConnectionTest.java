package io.wharf.chat;

import io.wharf.core.Model;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat's connections over real sockets, once per supported model: telnet negotiation, lines split
 * anywhere, eight-bit text and Ctrl-C from a telnet client, and the goodbye of a graceful shutdown.
 */
@Timeout(60)
class ChatConnectionTest {

    @RegisterExtension
    final OpenChats chats = new OpenChats();

    @EveryChatModel
    void telnetNegotiationIsAnsweredAndLinesMaySplitAnywhere(Model model) throws Exception {
        chats.start(model);
        Chatter ann = chats.join().nick("ann");
        Chatter telnet = chats.join();
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
    @EveryChatModel
    void telnetCtrlCAndEightBitTextKeepTheSessionTalking(Model model) throws Exception {
        chats.start(model);
        Chatter ann = chats.join().nick("ann");
        Chatter telnet = chats.join();
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

    @EveryChatModel
    void aGracefulShutdownSaysGoodbyeInsteadOfWaitingForUsersToLeave(Model model) throws Exception {
        chats.start(model);
        Chatter ann = chats.join().nick("ann");
        Chatter bob = chats.join().nick("bob");
        assertThat(chats.server().server.shutdown(Duration.ofSeconds(20))).as("every connection finished by itself").isTrue();
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
}
