package io.wharf.chat.store;

import io.wharf.chat.domain.ChatMessage;
import io.wharf.chat.domain.ChatStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
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
            store.addBan(new ChatStore.Ban("bob", "bob", "10.0.0.1", "Ann", T, null));
            store.addBan(new ChatStore.Ban("guest7", null, "10.0.0.2", "Ann", T, "spam"));
            store.addBan(new ChatStore.Ban("mallory", null, "10.0.0.3", "Ann", T, null));
            store.removeBans("BOB"); // by account
            store.removeBans("Mallory"); // by the name a guest was banned under
        }
        try (SqliteStore store = SqliteStore.open(db)) {
            ChatStore.Snapshot s = store.load(2);
            assertThat(s.accounts()).containsExactly(
                    new ChatStore.StoredAccount("Ann", "$hash", 7, T, List.of("lobby", "dev")));
            assertThat(s.rooms()).containsExactly(new ChatStore.StoredRoom("dev", "the topic", "Ann"));
            assertThat(s.messages()).extracting(ChatMessage::id).containsExactly(2L, 3L, 4L, 5L);
            assertThat(s.messages().getLast()).isEqualTo(new ChatMessage(5, "lobby", "Ann", "m5", true, T.plusSeconds(5)));
            assertThat(s.bans()).containsExactly(new ChatStore.Ban("guest7", null, "10.0.0.2", "Ann", T, "spam"));
            store.removeBans("10.0.0.2"); // by address
        }
        try (SqliteStore store = SqliteStore.open(db)) {
            assertThat(store.load(2).bans()).isEmpty();
        }
    }

    /** A database from before bans kept the name and reason gets the columns; its bans go by account. */
    @Test
    void anOlderDatabaseGainsTheNewColumnsAndKeepsItsBans(@TempDir Path dir) throws Exception {
        String db = dir.resolve("old.db").toString();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bans (id INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT, address TEXT,"
                    + " by_nick TEXT NOT NULL, time INTEGER NOT NULL)");
            s.execute("INSERT INTO bans (account, address, by_nick, time) VALUES ('bob', '10.0.0.1', 'Ann', "
                    + T.toEpochMilli() + ")");
        }
        try (SqliteStore store = SqliteStore.open(db)) {
            ChatStore.Ban old = new ChatStore.Ban(null, "bob", "10.0.0.1", "Ann", T, null);
            assertThat(store.load(10).bans()).containsExactly(old);
            assertThat(old.name()).isEqualTo("bob");
            store.addBan(new ChatStore.Ban("eve", null, "10.0.0.9", "Ann", T, "why"));
        }
        try (SqliteStore store = SqliteStore.open(db)) {
            assertThat(store.load(10).bans()).extracting(ChatStore.Ban::name).containsExactly("bob", "eve");
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
