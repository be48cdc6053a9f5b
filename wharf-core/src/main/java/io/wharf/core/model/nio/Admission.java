package io.wharf.core.model.nio;

import io.wharf.core.spi.CloseReason;
import io.wharf.core.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * The door of both non-blocking models: an accepted socket gets its options and a connection slot, or is
 * turned away with the protocol's busy reply. Threading: stateless; called by the accepting thread.
 */
final class Admission {

    private static final Logger log = LoggerFactory.getLogger(Admission.class);

    private Admission() {
    }

    /** True when {@code channel} may be served (its slot reserved); otherwise it has been refused or closed. */
    static boolean admit(SocketChannel channel, ServerContext context) {
        try {
            context.settings().socketOptions().applyTo(channel);
        } catch (IOException e) {
            // the client left already, or the options are unsupported: nothing to serve
            log.debug("dropping accepted socket: {}", e.toString());
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to undo
            }
            return false;
        }
        if (context.connections().tryReserve()) {
            return true;
        }
        context.connections().refuse(channel, CloseReason.REFUSED_MAX_CONNECTIONS,
                "too many connections (max_connections=" + context.limits().maxConnections() + ")");
        return false;
    }
}
