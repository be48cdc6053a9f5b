package io.wharf.chat.line;

import io.wharf.chat.domain.ChatEvent;
import io.wharf.chat.domain.ChatMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class LineFormatTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:34:56Z");
    private final LineFormat format = new LineFormat(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void messagesStartWithTheirTimeAndEverythingElseWithAMarker() {
        ChatMessage said = new ChatMessage(1, "lobby", "ann", "hi", false, NOW);
        assertThat(format.format(new ChatEvent.Said(said))).isEqualTo("12:34:56 [lobby] ann: hi\r\n");
        ChatMessage act = new ChatMessage(2, "dev", "ann", "waves", true, NOW.minusSeconds(86_400));
        assertThat(format.format(new ChatEvent.Said(act))).isEqualTo("2026-04-30 12:34:56 [dev] * ann waves\r\n");
        assertThat(format.format(new ChatEvent.Private("ann", "bob", "psst", NOW)))
                .isEqualTo("12:34:56 [ann -> bob] psst\r\n");
        assertThat(format.format(new ChatEvent.Failure(ChatEvent.Reason.MUTED, "you are muted"))).isEqualTo("! you are muted\r\n");
        assertThat(format.format(new ChatEvent.Members("dev", List.of(new ChatEvent.Member("ann", true),
                new ChatEvent.Member("bob", false))))).isEqualTo("* in dev (2): ann (admin), bob\r\n");
    }

    @Test
    void aHistoryTooBigToSendAtOnceKeepsItsNewestMessages() {
        List<ChatMessage> messages = LongStream.rangeClosed(1, 500)
                .mapToObj(i -> new ChatMessage(i, "dev", "ann", i + " " + "x".repeat(4000), false, NOW)).toList();
        String out = format.format(new ChatEvent.History("dev", messages, ChatEvent.Replay.ASKED));
        List<String> lines = out.lines().toList();
        int shown = lines.size() - 2;
        assertThat(out.getBytes(StandardCharsets.UTF_8).length).isLessThan(LineFormat.HISTORY_BUDGET + 200);
        assertThat(shown).isBetween(50, 70);
        assertThat(lines.getFirst()).isEqualTo("* history of dev, " + shown + " message(s):");
        assertThat(lines.get(lines.size() - 2)).contains("ann: 500 ");
        assertThat(lines.getLast()).isEqualTo("* end of history");
    }

    @Test
    void anEventGoingToManyMembersIsEncodedOnce() {
        ChatEvent e = new ChatEvent.Joined("dev", "ann");
        byte[] first = format.encode(e);
        assertThat(format.encode(e)).isSameAs(first);
        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("* ann joined dev\r\n");
        assertThat(format.encode(new ChatEvent.Joined("dev", "bob"))).isNotSameAs(first);
    }
}
