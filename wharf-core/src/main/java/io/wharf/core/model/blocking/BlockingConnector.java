package io.wharf.core.model.blocking;

import io.wharf.core.ServerContext;
import io.wharf.core.spi.Handler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One outbound connect under the blocking models: a virtual thread connects with a timeout, then serves the
 * connection as its owner (a {@link BlockingConnection} with the caller's handler), paired with the
 * connection that asked, so each side's thread writes to the other inline.
 *
 * <p>Threading: {@link #start} from any thread; {@code failed} and the handler run on the new thread.
 */
final class BlockingConnector {

    private BlockingConnector() {
    }

    static void start(ServerContext context, InetSocketAddress address, Duration timeout, Handler handler,
                      Consumer<String> failed, BlockingConnection from) {
        Thread.ofVirtual().name("wharf-out-" + from.id())
                .start(() -> run(context, address, timeout, handler, failed, from));
    }

    private static void run(ServerContext context, InetSocketAddress address, Duration timeout, Handler handler,
                            Consumer<String> failed, BlockingConnection from) {
        if (!context.connections().tryReserve()) {
            failed.accept("too many outbound connections (max_connections)");
            return;
        }
        SocketChannel channel = null;
        BlockingConnection connection;
        try {
            channel = SocketChannel.open();
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(address, Math.toIntExact(Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            connection = new BlockingConnection(context, channel, handler);
        } catch (IOException | RuntimeException e) {
            context.connections().release();
            closeQuietly(channel);
            failed.accept(e instanceof SocketTimeoutException
                    ? "connect to " + address + " timed out after " + timeout.toMillis() + "ms"
                    : "connect to " + address + " failed: " + e.getMessage());
            return;
        }
        connection.pairWith(from.owner());
        from.pairWith(Thread.currentThread());
        connection.serve();
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // failing already
            }
        }
    }
}
