package io.wharf.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open connections of a listener, and the door they come through: {@link #admit} enforces
 * {@code max_connections}, {@link #refuse} turns a client away with the protocol's one-line reply.
 * Threading: safe from any thread.
 */
public final class ConnectionRegistry {

    private static final Logger log = LoggerFactory.getLogger("wharf.connections");

    private final ServerContext context;
    private final ConcurrentHashMap<Long, AbstractConnection> open = new ConcurrentHashMap<>();
    private final AtomicInteger slots = new AtomicInteger();

    ConnectionRegistry(ServerContext context) {
        this.context = context;
    }

    /**
     * Takes a slot for a newly accepted connection. False when {@code max_connections} are already open:
     * the caller then {@link #refuse}s the socket.
     */
    public boolean tryReserve() {
        int max = context.limits().maxConnections();
        for (;;) {
            int n = slots.get();
            if (n >= max) {
                return false;
            }
            if (slots.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives back a slot taken by {@link #tryReserve} for a connection that never opened. */
    public void release() {
        slots.decrementAndGet();
    }

    /** Records an opened connection (its slot already reserved), counts it and logs it. */
    void opened(AbstractConnection c) {
        open.put(c.id(), c);
        context.stats().connectionOpened();
        if (log.isInfoEnabled()) {
            log.info("conn#{} open {} on {}", c.id(), ConnectionRegistry.format(c.remoteAddress()), context.name());
        }
    }

    void closed(AbstractConnection c, String reason) {
        if (open.remove(c.id()) != null) {
            slots.decrementAndGet();
            context.stats().connectionClosed();
            if (log.isInfoEnabled()) {
                log.info("conn#{} closed {} after {}ms in={}B out={}B ({}) on {}", c.id(), format(c.remoteAddress()),
                        c.ageMillis(), c.bytesIn(), c.bytesOut(), reason, context.name());
            }
        }
    }

    /**
     * Sends the protocol's busy reply and closes {@code channel}, counting a refusal. Never blocks for long:
     * the reply is tiny and goes into an empty socket buffer.
     */
    public void refuse(SocketChannel channel, String reason) {
        context.stats().connectionRefused();
        InetSocketAddress remote = null;
        try (channel) {
            remote = (InetSocketAddress) channel.getRemoteAddress();
            channel.write(ByteBuffer.wrap(context.service().busyReply(reason)));
        } catch (IOException | RuntimeException e) {
            // the client is gone already; nothing to tell it
        }
        log.warn("refused {} on {}: {}", remote == null ? "client" : format(remote), context.name(), reason);
    }

    public int size() {
        return open.size();
    }

    public Collection<AbstractConnection> snapshot() {
        return List.copyOf(open.values());
    }

    /** Drops every open connection now (end of a drain, or a forced stop). */
    public void abortAll(String reason) {
        for (AbstractConnection c : snapshot()) {
            c.abort(reason);
        }
    }

    static String format(InetSocketAddress a) {
        if (a == null) {
            return "?";
        }
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + a.getPort() : host + ":" + a.getPort();
    }
}
