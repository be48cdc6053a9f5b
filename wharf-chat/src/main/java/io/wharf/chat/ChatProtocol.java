package io.wharf.chat;

import io.wharf.chat.domain.ChatHub;
import io.wharf.chat.line.LineChat;
import io.wharf.core.StartupException;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.spi.Need;
import io.wharf.core.spi.Protocol;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.spi.ServiceContext;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * {@code wharf serve chat}: the chat server, for {@code telnet} and {@code nc}. Config section {@code [chat]}
 * ({@link ChatKeys}).
 *
 * <p>Rooms are shared by every connection and users stay connected together: it needs {@link Need#SHARED_STATE}
 * and {@link Need#CONCURRENT_CLIENTS}, so the core refuses the models that cannot give them.
 *
 * <p>Threading: stateless; {@link #start} is called once per listener.
 */
public final class ChatProtocol implements Protocol {

    public static final int DEFAULT_PORT = 6667;

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

    /** Over TLS: 6697, IRC's TLS port (RFC 7194), as the plain default is IRC's 6667. */
    @Override
    public int defaultTlsPort() {
        return 6697;
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return ChatKeys.ALL;
    }

    @Override
    public Set<Need> needs() {
        return Set.of(Need.SHARED_STATE, Need.CONCURRENT_CLIENTS);
    }

    @Override
    public ProtocolService start(ServiceContext context) throws StartupException {
        return start(context.config());
    }

    /**
     * The service for a resolved config (tests start it without a host). Its hub is shared with any other
     * listener of this process on the same database ({@link ChatDomain}), and released when it shuts down.
     */
    public static LineChat start(Config config) throws StartupException {
        io.wharf.core.spi.SharedState.Lease<ChatHub> hub = ChatDomain.share(config);
        return new LineChat(hub.value(), hub::close, Clock.systemDefaultZone(),
                Math.toIntExact(config.get(ChatKeys.MAX_LINE)), config.get(ChatKeys.MESSAGE_RATE),
                config.get(ChatKeys.MESSAGE_BURST));
    }
}
