package io.wharf.load;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Starts the non-blocking connect of a load thread's socket (TCP_NODELAY), from the current
 * {@link SourceAddresses} address. When that address has run out of ephemeral ports (BindException) it moves on
 * to the next loopback address and tries again, a few times at most, before calling the attempt refused.
 *
 * <p>Threading: call on the thread that owns the selector; it keeps no state of its own.
 */
final class Connector {

    private static final int MAX_RETRIES = 3;

    private Connector() {
    }

    /**
     * Opens a socket to {@code address}, starts connecting it and registers it with {@code selector}, attached to
     * {@code endpoint}; returns null once {@link ClientSocket#opened} has been called (whether it connected at once
     * says {@link SocketChannel#isConnected()}), or the failure, with no socket left open.
     */
    static FailureKind connect(Selector selector, InetSocketAddress address, SourceAddresses sources,
                               ClientSocket endpoint) {
        for (int attempt = 0; ; attempt++) {
            InetSocketAddress source = sources.bindAddress();
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (source != null) {
                    channel.bind(source);
                }
                boolean connected = channel.connect(address);
                SelectionKey key = channel.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, endpoint);
                endpoint.opened(channel, key, source);
                channel = null; // the endpoint's to close now
                return null;
            } catch (BindException portsRanOut) {
                if (attempt >= MAX_RETRIES || !sources.exhausted(source)) {
                    return FailureKind.REFUSED;
                }
            } catch (IOException e) {
                return Failures.ofConnect(e);
            } finally {
                close(channel);
            }
        }
    }

    private static void close(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do with a socket we are dropping
            }
        }
    }
}
