package io.wharf.core.model.blocking;

import io.wharf.core.spi.CloseReason;
import io.wharf.core.AcceptFailures;
import io.wharf.core.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The blocking {@code accept()} loop the blocking models share: accepts, applies the socket options,
 * takes a {@code max_connections} slot (or turns the client away with the protocol's busy reply), and
 * hands the socket to the model's {@link Dispatch}. Failures go through {@link AcceptFailures}: it backs
 * off when out of file descriptors, retries an aborted handshake, and stops once the listener is closed.
 *
 * <p>Threading: {@link #run} runs on the accepting thread; {@link #stop} may be called from any thread.
 * Stopping only sets a flag: the server closes the listener right after, which unblocks {@code accept()}.
 */
final class AcceptLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(AcceptLoop.class);

    /** What a model does with an accepted socket. It owns the socket and its reserved slot from then on. */
    @FunctionalInterface
    interface Dispatch {
        void dispatch(SocketChannel channel);
    }

    private final ServerSocketChannel listener;
    private final ServerContext context;
    private final Dispatch dispatch;
    private volatile boolean stopped;

    AcceptLoop(ServerSocketChannel listener, ServerContext context, Dispatch dispatch) {
        this.listener = listener;
        this.context = context;
        this.dispatch = dispatch;
    }

    @Override
    public void run() {
        AcceptFailures failures = new AcceptFailures(context);
        while (!stopped) {
            SocketChannel channel = accept(failures);
            if (channel != null) {
                admit(channel);
            }
        }
    }

    /** One {@code accept()}; null after a failure, with {@link #stopped} set when accepting is over. */
    private SocketChannel accept(AcceptFailures failures) {
        try {
            SocketChannel channel = listener.accept();
            failures.succeeded();
            return channel;
        } catch (IOException e) {
            switch (failures.failed(e)) {
                case STOP -> stopped = true;
                case BACK_OFF -> {
                    if (!sleep(failures.backoffMillis())) {
                        stopped = true;
                    }
                }
                case RETRY_NOW -> {
                    // the client gave up before we accepted it; take the next one
                }
            }
            return null;
        }
    }

    /** Makes {@link #run} return after the connection it is handling, if any. */
    void stop() {
        stopped = true;
    }

    private void admit(SocketChannel channel) {
        if (stopped) {
            context.connections().refuse(channel, CloseReason.REFUSED_SHUTDOWN, "server shutting down");
            return;
        }
        try {
            context.settings().socketOptions().applyTo(channel);
        } catch (IOException e) {
            log.debug("client left before its socket options were set: {}", e.toString());
            close(channel);
            return;
        }
        if (!context.connections().tryReserve()) {
            context.connections().refuse(channel, CloseReason.REFUSED_MAX_CONNECTIONS,
                    "too many connections (max_connections=" + context.limits().maxConnections() + ")");
            return;
        }
        try {
            dispatch.dispatch(channel);
        } catch (RuntimeException e) {
            // the dispatcher owns the socket and slot by now; a bug there must not end the accept loop
            context.stats().error();
            log.error("dispatching an accepted connection failed: {}", e.toString(), e);
        }
    }

    /** Sleeps for a back-off; false when interrupted, which means the engine is closing. */
    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
