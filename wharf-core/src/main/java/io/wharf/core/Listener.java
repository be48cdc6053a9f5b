package io.wharf.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;

/**
 * Binds the listening socket with the configured options, and turns every way that can fail into one
 * line a user can act on.
 */
public final class Listener {

    private static final Logger log = LoggerFactory.getLogger(Listener.class);
    private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");

    private Listener() {
    }

    public static ServerSocketChannel bind(ServerSettings s) throws StartupException {
        if (s.port() < 0 || s.port() > 65535) {
            throw new StartupException("port " + s.port() + " is out of range: use 1-65535");
        }
        InetAddress address = resolve(s.bindAddress());
        int backlog = backlog(s.backlog());
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open(address instanceof java.net.Inet6Address
                    ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
            SocketOptions o = s.socketOptions();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, o.reuseAddress());
            if (o.reusePort()) {
                if (!channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    throw new StartupException("so_reuseport is not supported on this platform");
                }
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (o.receiveBuffer() > 0) {
                // set on the listener so accepted sockets inherit it before the handshake's window scaling
                channel.setOption(StandardSocketOptions.SO_RCVBUF, o.receiveBuffer());
            }
            channel.bind(new InetSocketAddress(address, s.port()), backlog);
            return channel;
        } catch (BindException e) {
            close(channel);
            throw bindFailure(e, s);
        } catch (SocketException e) {
            close(channel);
            throw new StartupException("cannot listen on " + s.bindAddress() + ":" + s.port() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            close(channel);
            throw new StartupException("cannot open a listening socket: " + e.getMessage(), e);
        } catch (StartupException e) {
            close(channel);
            throw e;
        }
    }

    /** The backlog to ask for: the OS maximum when unset; a warning when the kernel will cap it. */
    static int backlog(int requested) {
        int max = somaxconn();
        if (requested <= 0) {
            return max > 0 ? max : 4096;
        }
        if (max > 0 && requested > max) {
            log.warn("backlog {} exceeds net.core.somaxconn={}: the kernel caps it at {} "
                    + "(raise it with 'sysctl -w net.core.somaxconn={}')", requested, max, max, requested);
        }
        return requested;
    }

    static int somaxconn() {
        return (int) ProcFs.number(SOMAXCONN).orElse(-1);
    }

    private static InetAddress resolve(String host) throws StartupException {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.getByName(h);
        } catch (UnknownHostException e) {
            throw new StartupException("unknown host or address '" + host + "' for bind_address");
        }
    }

    private static StartupException bindFailure(BindException e, ServerSettings s) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("in use")) {
            return new StartupException("port " + s.port() + " is already in use on " + s.bindAddress()
                    + ": stop the other server (ss -ltnp 'sport = :" + s.port() + "' shows it) or pick another "
                    + "with --port", e);
        }
        if (msg.contains("Permission denied") || msg.contains("ermission")) {
            return new StartupException("port " + s.port() + " is privileged: binding it needs root or "
                    + "CAP_NET_BIND_SERVICE; use a port above 1023", e);
        }
        if (msg.contains("assign requested address")) {
            return new StartupException("bind address " + s.bindAddress() + " is not an address of this machine", e);
        }
        return new StartupException("cannot bind " + s.bindAddress() + ":" + s.port() + ": " + msg, e);
    }

    private static void close(ServerSocketChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing more to undo
            }
        }
    }
}
