package io.wharf.chat;

import io.wharf.chat.domain.ChatHub;
import io.wharf.chat.store.SqliteStore;
import io.wharf.core.StartupException;
import io.wharf.core.config.Config;
import io.wharf.core.spi.SharedState;
import io.wharf.tracing.Tracing;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The chat's rooms and users, one per database in a process: every listener that serves the chat (telnet here,
 * browsers in wharf-ws) with the same {@code [chat] database} gets the same {@link ChatHub}, so their users
 * meet in the same rooms. The first listener to start opens it with its config; the last to stop closes it.
 *
 * <p>Threading: safe from any thread ({@link SharedState}).
 */
public final class ChatDomain {

    private ChatDomain() {
    }

    /** A hold on the hub for {@code config}'s database; close it when the listener stops. */
    public static SharedState.Lease<ChatHub> share(Config config) throws StartupException {
        String database = ChatKeys.database(config);
        String key = "chat:" + (database.equals(":memory:") ? database : Path.of(database).toAbsolutePath().normalize());
        try {
            return SharedState.acquire(key, ChatHub.class, () -> open(config, database), ChatHub::close);
        } catch (Opening e) {
            throw new StartupException(e.getMessage(), e.getCause());
        }
    }

    private static ChatHub open(Config config, String database) {
        SqliteStore store;
        try {
            store = SqliteStore.open(database);
        } catch (SQLException e) {
            throw new Opening("cannot open the chat database " + database + ": " + e.getMessage(), e);
        }
        Tracing tracing = Tracing.acquire(config); // the first listener's [tracing], as its [chat]
        try {
            return new ChatHub(ChatKeys.settings(config), store, Clock.systemDefaultZone(), tracing);
        } catch (RuntimeException e) {
            tracing.release();
            store.close();
            throw new Opening(e.getMessage(), e);
        }
    }

    /** Carries a startup failure out of the shared state's factory. */
    private static final class Opening extends RuntimeException {
        Opening(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
