package io.wharf.core.layer;

import io.wharf.core.ServerContext;
import io.wharf.core.spi.HandlerFactory;

/**
 * Something a listener puts between the engine's connections and its protocol's handlers: a {@link
 * HandlerFactory} whose handlers the engine sees (raw bytes in) and which hand the protocol's handler a
 * {@link io.wharf.core.spi.Connection} of their own (the layer's bytes out). TLS is one
 * ({@link io.wharf.core.tls.TlsLayer}). Because a layer is only a handler and a connection, it runs unchanged
 * under every model; under {@code process} it wraps the relay in the accepting process.
 *
 * <p>Threading: {@link #wrap} is called once per listener, when its context is made; the factory it returns
 * is called as any {@link HandlerFactory} is; {@link #close} once, from the controlling thread.
 */
public interface Layer {

    /** No layer: the protocol's handlers see the socket's bytes. */
    Layer NONE = new Layer() {
        @Override
        public HandlerFactory wrap(HandlerFactory protocol, ServerContext context) {
            return protocol;
        }

        @Override
        public boolean plainRefusals() {
            return true;
        }
    };

    /** The factory the engine uses, wrapping the protocol's. */
    HandlerFactory wrap(HandlerFactory protocol, ServerContext context);

    /**
     * Whether a client turned away at the door may be sent the protocol's busy reply as plain bytes. False for
     * TLS: the client expects a handshake, so a refusal there is a bare close.
     */
    boolean plainRefusals();

    /** SIGHUP: the listener's config was reloaded (TLS reads its certificates again). */
    default void reconfigure(io.wharf.core.config.Config config) {
    }

    /** The listener stopped: release what the layer holds (a file watch). */
    default void close() {
    }
}
