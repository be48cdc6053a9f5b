package io.wharf.core.spi;

import java.nio.charset.StandardCharsets;

/**
 * Creates one {@link Handler} per accepted connection. Threading: called from the accepting thread, or
 * from the thread that will serve the connection; implementations must be safe to call concurrently.
 */
@FunctionalInterface
public interface HandlerFactory {

    Handler newHandler();

    /**
     * The one reply a client gets when the server turns it away ({@code max_connections} reached, or the
     * {@code pool} queue stayed full), sent just before closing. Protocols override it to speak their own
     * language (HTTP answers 503).
     */
    default byte[] busyReply(String reason) {
        return ("ERROR server busy: " + reason + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * SIGHUP: the config was reloaded; apply the protocol's live keys (the core's own limits are applied by
     * the server). Called from the reload thread while connections are served.
     */
    default void reconfigure(io.wharf.core.config.Config config) {
    }

    /** The server has stopped: flush and release what the factory holds (an access log file, say). */
    default void shutdown() {
    }
}
