package io.wharf.core;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * Socket options from config. A buffer size of 0 leaves the OS default.
 *
 * @param reuseAddress SO_REUSEADDR on the listener (on by default, so a restart can rebind at once)
 * @param reusePort    SO_REUSEPORT on the listener (several processes may bind the same port)
 */
public record SocketOptions(boolean reuseAddress, boolean reusePort, int receiveBuffer, int sendBuffer,
                            boolean keepAlive, boolean tcpNoDelay) {

    public static final SocketOptions DEFAULTS = new SocketOptions(true, false, 0, 0, false, true);

    /** Applies the per-connection options to an accepted socket. */
    public void applyTo(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, tcpNoDelay);
        if (keepAlive) {
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        }
        if (sendBuffer > 0) {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, sendBuffer);
        }
        if (receiveBuffer > 0) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
        }
    }
}
