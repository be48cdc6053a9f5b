package io.wharf.core;

import io.wharf.core.spi.CloseReason;
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
 * The open connections of a listener, and the door they come through: {@link #tryReserve} enforces
 * {@code max_connections}, {@link #refuse} turns a client away with the protocol's one-line reply. Every
 * close and refusal is counted by its {@link CloseReason}.
 *
 * <p>Lingering ({@link Lingering}): a lingering connection keeps its slot until the lingerer is done with
 * it; refused sockets linger at most {@value #MAX_LINGERING_REFUSALS} at a time, past which a refused socket
 * is closed at once, so a flood of refused clients cannot hold sockets open.
 *
 * <p>Threading: safe from any thread.
 */
public final class ConnectionRegistry {

    private static final Logger log = LoggerFactory.getLogger("wharf.connections");

    private final ServerContext context;
    private final ConcurrentHashMap<Long, AbstractConnection> open = new ConcurrentHashMap<>();
    private final AtomicInteger slots = new AtomicInteger();
    private final AtomicInteger lingeringRefusals = new AtomicInteger();

    static final int MAX_LINGERING_REFUSALS = 64;

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

    void closed(AbstractConnection c, CloseReason cause, String reason) {
        if (open.remove(c.id()) != null) {
            if (!c.lingering()) {
                slots.decrementAndGet(); // else once the lingering ends (lingerEnded)
            }
            context.stats().connectionClosed();
            context.stats().closed(cause);
            if (log.isInfoEnabled()) {
                log.info("conn#{} closed {} after {}ms in={}B out={}B ({}) on {}", c.id(), format(c.remoteAddress()),
                        c.ageMillis(), c.bytesIn(), c.bytesOut(), reason, context.name());
            }
        }
    }

    /** A lingering connection's socket is closed at last: its slot is free again. */
    void lingerEnded() {
        slots.decrementAndGet();
    }

    /**
     * Sends the protocol's busy reply and closes {@code channel}, counting a refusal under {@code cause}. The
     * close lingers ({@link Lingering}), so a client that sent its request already reads the reply rather than
     * a reset. Never blocks for long: the reply is tiny and goes into an empty socket buffer, and the
     * lingering is the lingerer's.
     */
    public void refuse(SocketChannel channel, CloseReason cause, String reason) {
        context.stats().connectionRefused();
        context.stats().closed(cause);
        InetSocketAddress remote = null;
        boolean replied = false;
        try {
            remote = (InetSocketAddress) channel.getRemoteAddress();
            if (context.layer().plainRefusals()) { // a TLS client expects a handshake, not plain words
                channel.write(ByteBuffer.wrap(context.service().busyReply(reason)));
                replied = true;
            }
        } catch (IOException | RuntimeException e) {
            // the client is gone already; nothing to tell it
        }
        if (!replied || !lingerRefused(channel)) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
        log.warn("refused {} on {}: {}", remote == null ? "client" : format(remote), context.name(), reason);
    }

    private boolean lingerRefused(SocketChannel channel) {
        Lingering l = context.limits().lingering();
        if (!l.enabled()) {
            return false;
        }
        if (lingeringRefusals.incrementAndGet() > MAX_LINGERING_REFUSALS) {
            lingeringRefusals.decrementAndGet();
            return false;
        }
        context.stats().lingering(true);
        if (context.lingerer().linger(channel, l, this::refusalLingered)) {
            return true;
        }
        refusalLingered();
        return false;
    }

    private void refusalLingered() {
        lingeringRefusals.decrementAndGet();
        context.stats().lingering(false);
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
            c.abort(CloseReason.SERVER_STOPPING, reason);
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
