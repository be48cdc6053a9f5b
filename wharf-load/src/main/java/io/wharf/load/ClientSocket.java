package io.wharf.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
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

    /** The TLS layer over {@link #channel}, or null for plain TCP (or before its handshake has started). */
    TlsClient tls;

    /** The socket is open and registered (for OP_CONNECT, or for nothing when it connected at once). */
    final void opened(SocketChannel channel, SelectionKey key, InetSocketAddress source) {
        this.channel = channel;
        this.key = key;
        this.source = source;
    }

    /**
     * Once connected: true when the connection is ready for the protocol (plain, or its TLS handshake done);
     * false while the handshake waits, the key's interest set to what it waits for. The handshake's time counts
     * as part of the connect.
     */
    final boolean secured(ClientTls config, String host, int port) throws IOException {
        if (!config.on()) {
            return true;
        }
        if (tls == null) {
            tls = new TlsClient(config.engine(host, port), channel);
        }
        if (tls.handshake()) {
            return true;
        }
        key.interestOps(tls.interest());
        return false;
    }

    /** Reads plaintext, as {@link SocketChannel#read} does. */
    final int read(ByteBuffer dst) throws IOException {
        return tls == null ? channel.read(dst) : tls.read(dst);
    }

    /** Writes plaintext, as {@link SocketChannel#write} does (with TLS, see {@link #writePending}). */
    final int write(ByteBuffer src) throws IOException {
        return tls == null ? channel.write(src) : tls.write(src);
    }

    /** Bytes taken by {@link #write} are still waiting for the socket (TLS ciphertext): wait for OP_WRITE. */
    final boolean writePending() {
        return tls != null && tls.pendingOutput();
    }

    /** Plaintext is already here for {@link #read}, which the selector cannot see: read again now. */
    final boolean readBuffered() {
        return tls != null && tls.buffered();
    }

    /** Closes the socket, if any (after a TLS close_notify); the state is the caller's to set. */
    void closeChannel() {
        if (tls != null) {
            if (channel != null) {
                tls.close();
            }
            tls = null;
        }
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
