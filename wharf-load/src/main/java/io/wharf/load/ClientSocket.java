package io.wharf.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The socket part of a load client (a request/reply {@link LoadConnection} or a {@link ChatClient}): the channel,
 * its selection key and the source address it was bound to, as {@link Connector} leaves them.
 *
 * <p>Threading: owned by one load thread.
 */
abstract class ClientSocket {

    SocketChannel channel;
    SelectionKey key;
    /** The local address bound before connecting, null for the kernel's choice. */
    InetSocketAddress source;

    /** The socket is open and registered (for OP_CONNECT, or for nothing when it connected at once). */
    final void opened(SocketChannel channel, SelectionKey key, InetSocketAddress source) {
        this.channel = channel;
        this.key = key;
        this.source = source;
    }

    /** Closes the socket, if any; the state is the caller's to set. */
    void closeChannel() {
        if (key != null) {
            key.cancel();
            key = null;
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do with a socket we are dropping
            }
            channel = null;
        }
    }
}
