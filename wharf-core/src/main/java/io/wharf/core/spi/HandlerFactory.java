package io.wharf.core.spi;

/**
 * Creates one {@link Handler} per accepted connection. What the protocol owns beyond that (busy reply,
 * reloads, drain, shutdown) is its {@link ProtocolService}'s. Threading: called from the accepting thread, or
 * from the thread that will serve the connection; implementations must be safe to call concurrently.
 */
@FunctionalInterface
public interface HandlerFactory {

    Handler newHandler();
}
