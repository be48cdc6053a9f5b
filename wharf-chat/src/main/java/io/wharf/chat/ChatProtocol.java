package io.wharf.chat;

import io.wharf.chat.domain.ChatHub;
import io.wharf.chat.line.LineChat;
import io.wharf.chat.store.SqliteStore;
import io.wharf.core.Model;
import io.wharf.core.StartupException;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.Protocol;
import io.wharf.core.stats.ServerStats;

import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code wharf serve chat}: the chat server, for {@code telnet} and {@code nc}. Config section {@code [chat]}
 * ({@link ChatKeys}).
 *
 * <p>Rooms are shared by every connection, so only the models that serve many clients at once in this
 * process can run it; any other model, including ones added later, is refused.
 *
 * <p>Threading: stateless; {@link #handlers} is called once at start-up.
 */
public final class ChatProtocol implements Protocol {

    public static final int DEFAULT_PORT = 6667;
    private static final Set<Model> MODELS = EnumSet.of(Model.THREAD, Model.VIRTUAL, Model.POOL, Model.EVENT,
            Model.REACTOR);

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String description() {
        return "chat server for telnet/nc: nicks, rooms, private messages, accounts, history, moderation";
    }

    @Override
    public int defaultPort() {
        return DEFAULT_PORT;
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return ChatKeys.ALL;
    }

    @Override
    public Optional<String> refuses(Model model) {
        return MODELS.contains(model) ? Optional.empty() : Optional.of("chat rooms are shared by all clients at"
                + " once, in one process; use thread, virtual, pool, event or reactor");
    }

    @Override
    public HandlerFactory handlers(Config config, ServerStats stats) throws StartupException {
        String database = ChatKeys.database(config);
        SqliteStore store;
        try {
            store = SqliteStore.open(database);
        } catch (SQLException e) {
            throw new StartupException("cannot open the chat database " + database + ": " + e.getMessage(), e);
        }
        ChatHub hub;
        try {
            hub = new ChatHub(ChatKeys.settings(config), store, Clock.systemDefaultZone());
        } catch (RuntimeException e) {
            store.close();
            throw new StartupException(e.getMessage(), e);
        }
        return new LineChat(hub, Clock.systemDefaultZone(), Math.toIntExact(config.get(ChatKeys.MAX_LINE)),
                config.get(ChatKeys.MESSAGE_RATE), config.get(ChatKeys.MESSAGE_BURST));
    }
}
