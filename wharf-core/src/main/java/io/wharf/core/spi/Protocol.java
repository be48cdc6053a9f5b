package io.wharf.core.spi;

import io.wharf.core.Model;
import io.wharf.core.StartupException;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.stats.ServerStats;

import java.util.List;
import java.util.Optional;

/**
 * A protocol wharf can serve ({@code wharf serve <name>}): echo, http, chat, kv. Found with
 * {@link java.util.ServiceLoader}, so a protocol module plugs in by listing its implementation in
 * {@code META-INF/services/io.wharf.core.spi.Protocol}.
 *
 * <p>Threading: {@code handlers} is called once at start-up; the factory it returns is thread-safe.
 */
public interface Protocol {

    /** The name on the command line, e.g. {@code echo}. */
    String name();

    /** One line for {@code wharf serve --help}. */
    String description();

    /** The port used when neither config nor flags give one (echo 7007, chat 6667, http 8080, kv 6379). */
    int defaultPort();

    /** This protocol's own config keys (its {@code [section]} of server.conf). */
    List<ConfigKey<?>> configKeys();

    /**
     * Builds the handler factory from the resolved config. {@code stats} is the server's own (for protocols
     * that publish them, such as HTTP's {@code /stats}). A problem the user can fix (a missing document root,
     * an unreadable users file) is a {@link StartupException} with a one-line message.
     */
    HandlerFactory handlers(Config config, ServerStats stats) throws StartupException;

    /**
     * Why this protocol cannot run under {@code model}, in one line naming the models to use instead, or empty
     * when it can. Protocols with state shared across connections (chat rooms, a key space) refuse models
     * that serve one client at a time or split clients across processes.
     */
    default Optional<String> refuses(Model model) {
        return Optional.empty();
    }
}
