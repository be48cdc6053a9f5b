package io.wharf.core.spi;

import io.wharf.core.StartupException;
import io.wharf.core.config.ConfigKey;

import java.util.List;
import java.util.Set;

/**
 * A protocol wharf can serve ({@code wharf serve <name>}, or {@code protocol = <name>} in a listener section):
 * echo, http, chat, admin, ... Found with {@link java.util.ServiceLoader}, so a protocol module plugs in by
 * listing its implementation in {@code META-INF/services/io.wharf.core.spi.Protocol}.
 *
 * <p>Threading: {@link #start} is called once per listener, from the controlling thread; the service it returns
 * is thread-safe as {@link ProtocolService} says.
 */
public interface Protocol {

    /** The name on the command line, e.g. {@code echo}. */
    String name();

    /** One line for {@code wharf serve --help}. */
    String description();

    /** The port used when neither config nor flags give one (echo 7007, chat 6667, http 8080, kv 6379). */
    int defaultPort();

    /**
     * The port used over TLS ({@code tls = on}) when neither config nor flags give one: HTTP's 8443, chat's
     * 6697; by default the same as {@link #defaultPort}.
     */
    default int defaultTlsPort() {
        return defaultPort();
    }

    /**
     * The address used when neither config nor flags give one: all interfaces, but for protocols that should be
     * private unless asked (the admin endpoints: loopback).
     */
    default String defaultBindAddress() {
        return io.wharf.core.config.CoreKeys.BIND_ADDRESS.defaultValue();
    }

    /** This protocol's own config keys (its {@code [section]} of server.conf, settable per listener too). */
    List<ConfigKey<?>> configKeys();

    /** The shorthands this protocol adds to {@code wharf serve} for its own keys ({@code --root}). */
    default List<ProtocolOption> options() {
        return List.of();
    }

    /** What this protocol needs of a model; the core refuses the models that cannot give it. */
    default Set<Need> needs() {
        return Set.of();
    }

    /**
     * What this protocol needs of a model, given a listener's config: more than {@link #needs()} when an option
     * brings shared state (an HTTP listener serving the chat to browsers). The core and the CLI check this one.
     */
    default Set<Need> needs(io.wharf.core.config.Config config) {
        return needs();
    }

    /**
     * What the ready line adds about this listener, e.g. HTTP's {@code serving /srv/htdocs}; empty for nothing.
     */
    default String readyNote(io.wharf.core.config.Config config) {
        return "";
    }

    /** The listeners a listener of this protocol asks for beside itself, given its config. */
    default List<Companion> companions(io.wharf.core.config.Config config) {
        return List.of();
    }

    /**
     * Starts this protocol's service for one listener. A problem the user can fix (a missing document root, an
     * unreadable users file) is a {@link StartupException} with a one-line message.
     */
    ProtocolService start(ServiceContext context) throws StartupException;
}
