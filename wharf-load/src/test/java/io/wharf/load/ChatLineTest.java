package io.wharf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chat wire format as the load reads it: lines split at every byte, classified, payloads round-tripped. */
class ChatLineTest {

    private static final byte[] TOKEN = "wlab12".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROOM = "wlab12-1".getBytes(StandardCharsets.US_ASCII);

    /** What a client hears after joining, then two messages (one from another run), an error and an action. */
    private static String stream() {
        ByteBuffer message = ByteBuffer.allocate(200);
        ChatPayload.write(message, TOKEN, 7, 42, -1_234_567_890_123L, 64);
        String text = new String(message.array(), 0, message.position(), StandardCharsets.US_ASCII);
        return "* Welcome to wharf chat, guest1!\r\n"
                + "* now talking in wlab12-1\r\n"
                + "14:02:11 [wlab12-1] wlab12-7: " + text + "\r\n"
                + "2024-01-02 14:02:12 [wlab12-1] bob: wl:zzzz 1 2 3\n"
                + "! slow down: you are sending too fast; lines are being dropped\r\n"
                + "14:02:13 [wlab12-1] * bob waves\r\n"
                + "14:02:14 [alice -> bob] psst\r\n";
    }

    private static List<String> parseAll(byte[] bytes, int split) {
        List<String> seen = new ArrayList<>();
        ChatLine line = new ChatLine();
        ChatPayload payload = new ChatPayload();
        ChatLineReader reader = new ChatLineReader(256);
        ChatLineReader.Listener listener = (b, n, cut) -> {
            ChatHeard.Kind kind = line.parse(b, n, cut);
            String entry = kind.name() + (line.nowIn(ROOM) ? " in" : "");
            if (kind == ChatHeard.Kind.CHAT) {
                ChatPayload.Found found = payload.parse(line.text(), line.textFrom(), line.textTo(), TOKEN);
                entry += " room=" + line.inRoom(ROOM) + " " + found;
                if (found == ChatPayload.Found.OURS) {
                    entry += " " + payload.sender + "/" + payload.sequence + "/" + payload.sent;
                }
            }
            seen.add(entry);
        };
        reader.feed(ByteBuffer.wrap(bytes, 0, split), listener);
        reader.feed(ByteBuffer.wrap(bytes, split, bytes.length - split), listener);
        return seen;
    }

    @Test
    void everyLineIsClassifiedAlikeWhereverTheBytesSplit() {
        byte[] bytes = stream().getBytes(StandardCharsets.UTF_8);
        List<String> expected = List.of("NOTICE", "NOTICE in", "CHAT room=true OURS 7/42/-1234567890123",
                "CHAT room=true FOREIGN", "ERROR", "OTHER", "OTHER");
        for (int split = 0; split <= bytes.length; split++) {
            assertThat(parseAll(bytes, split)).as("split at %d", split).isEqualTo(expected);
        }
    }

    @Test
    void oneByteAtATimeToo() {
        byte[] bytes = stream().getBytes(StandardCharsets.UTF_8);
        List<Integer> lengths = new ArrayList<>();
        ChatLineReader reader = new ChatLineReader(256);
        for (byte b : bytes) {
            reader.feed(ByteBuffer.wrap(new byte[] {b}), (line, n, cut) -> lengths.add(n));
        }
        assertThat(lengths).hasSize(7).first().isEqualTo("* Welcome to wharf chat, guest1!".length());
    }

    @Test
    void theNoticeThatConfirmsAJoinIsRecognised() {
        ChatLine line = new ChatLine();
        byte[] b = "* now talking in wlab12-1".getBytes(StandardCharsets.US_ASCII);
        assertThat(line.parse(b, b.length, false)).isEqualTo(ChatHeard.Kind.NOTICE);
        assertThat(line.nowIn(ROOM)).isTrue();
        assertThat(line.nowIn("wlab12-10".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(line.nowIn("wlab12-".getBytes(StandardCharsets.US_ASCII))).isFalse();
        byte[] busy = "! server busy: 100 clients".getBytes(StandardCharsets.US_ASCII);
        assertThat(line.parse(busy, busy.length, false)).isEqualTo(ChatHeard.Kind.ERROR);
        assertThat(line.busy()).isTrue();
        assertThat(line.parse(b, b.length, true)).as("an overflowed line").isEqualTo(ChatHeard.Kind.OTHER);
    }

    @Test
    void anotherRoomAndCorruptPayloadsAreToldApart() {
        ChatLine line = new ChatLine();
        byte[] other = "14:02:11 [wlab12-10] x: wl:wlab12 1 2 3".getBytes(StandardCharsets.US_ASCII);
        assertThat(line.parse(other, other.length, false)).isEqualTo(ChatHeard.Kind.CHAT);
        assertThat(line.inRoom(ROOM)).isFalse();
        assertThat(payload(line)).isEqualTo(ChatPayload.Found.OURS);
        byte[] corrupt = "14:02:11 [wlab12-1] x: wl:wlab12 1 two 3".getBytes(StandardCharsets.US_ASCII);
        line.parse(corrupt, corrupt.length, false);
        assertThat(payload(line)).isEqualTo(ChatPayload.Found.CORRUPT);
        byte[] longerToken = "14:02:11 [wlab12-1] x: wl:wlab123 1 2 3".getBytes(StandardCharsets.US_ASCII);
        line.parse(longerToken, longerToken.length, false);
        assertThat(payload(line)).isEqualTo(ChatPayload.Found.FOREIGN);
    }

    private static ChatPayload.Found payload(ChatHeard h) {
        return new ChatPayload().parse(h.text(), h.textFrom(), h.textTo(), TOKEN);
    }

    @Test
    void aLineLongerThanTheReaderIsCutAndMarked() {
        List<Boolean> cuts = new ArrayList<>();
        ChatLineReader reader = new ChatLineReader(8);
        reader.feed(ByteBuffer.wrap("0123456789abc\r\nshort\r\n".getBytes(StandardCharsets.US_ASCII)),
                (line, n, cut) -> cuts.add(cut));
        assertThat(cuts).containsExactly(true, false);
    }

    @Test
    void payloadsArePaddedToTheirSizeAndFitTheirMaximum() {
        ByteBuffer out = ByteBuffer.allocate(ChatPayload.maxLength(TOKEN.length, 100));
        ChatPayload.write(out, TOKEN, 3, 0, 99, 100);
        assertThat(out.position()).isEqualTo(100);
        assertThat(out.get(99)).isEqualTo((byte) 'x');
        ByteBuffer small = ByteBuffer.allocate(ChatPayload.maxLength(TOKEN.length, 1));
        ChatPayload.write(small, TOKEN, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, 1);
        assertThat(small.position()).isLessThanOrEqualTo(small.capacity());
    }
}
