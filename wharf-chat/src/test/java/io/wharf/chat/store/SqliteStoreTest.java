package io.wharf.chat.store;

import io.wharf.chat.domain.ChatMessage;
import io.wharf.chat.domain.ChatStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteStoreTest {

    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void whatIsWrittenIsLoadedAfterAReopen(@TempDir Path dir) throws Exception {
        String db = dir.resolve("chat.db").toString();
        try (SqliteStore store = SqliteStore.open(db)) {
            assertThat(store.load(10).accounts()).isEmpty();
            store.saveAccount("Ann", "$hash");
            store.saveSeen("ann", 7, T, List.of("lobby", "dev"));
            store.saveRoom("dev", null, null);
            store.saveRoom("dev", "the topic", "Ann");
            for (int i = 1; i <= 5; i++) {
                store.append(new ChatMessage(i, i % 2 == 0 ? "dev" : "lobby", "Ann", "m" + i, i == 5, T.plusSeconds(i)));
            }
            store.addBan(new ChatStore.Ban("bob", "10.0.0.1", "Ann", T));
            store.addBan(new ChatStore.Ban(null, "10.0.0.2", "Ann", T));
            store.removeBans("BOB");
        }
        try (SqliteStore store = SqliteStore.open(db)) {
            ChatStore.Snapshot s = store.load(2);
            assertThat(s.accounts()).containsExactly(
                    new ChatStore.StoredAccount("Ann", "$hash", 7, T, List.of("lobby", "dev")));
            assertThat(s.rooms()).containsExactly(new ChatStore.StoredRoom("dev", "the topic", "Ann"));
            assertThat(s.messages()).extracting(ChatMessage::id).containsExactly(2L, 3L, 4L, 5L);
            assertThat(s.messages().getLast()).isEqualTo(new ChatMessage(5, "lobby", "Ann", "m5", true, T.plusSeconds(5)));
            assertThat(s.bans()).containsExactly(new ChatStore.Ban(null, "10.0.0.2", "Ann", T));
        }
    }

    @Test
    void inMemoryKeepsNothingAcrossOpens() throws Exception {
        try (SqliteStore store = SqliteStore.open(":memory:")) {
            store.load(10);
            store.saveAccount("ann", "$hash");
        }
        try (SqliteStore store = SqliteStore.open(":memory:")) {
            assertThat(store.load(10).accounts()).isEmpty();
        }
    }
}
