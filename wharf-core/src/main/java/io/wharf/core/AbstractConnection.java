package io.wharf.core;

import io.wharf.core.proxy.ProxiedClient;
import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.stats.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every engine's connection shares: identity, byte counts, activity clocks for the
 * {@link ConnectionReaper}, the close reason, and the once-only finish (handler {@code onClose},
 * registry, log). Engines add the reading and writing.
 *
 * <p>Threading: counters and clocks are safe from any thread. {@link #finish()} must be called exactly once,
 * by the thread that runs the handler, after the socket is closed.
 */
public abstract class AbstractConnection implements Connection {

    private static final Logger log = LoggerFactory.getLogger(AbstractConnection.class);

    protected final ServerContext context;
    protected final SocketChannel channel;
    /** The current handler: replaced by {@link #upgrade}; read and written on the handler's thread only. */
    private Handler handler;
    private final long id;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    /** The client a PROXY header named ({@link #proxied(ProxiedClient)}); null for a direct one. */
    private volatile ProxiedClient proxied;
    private final long openedNanos = System.nanoTime();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    /** Why the connection ends: the first reason given wins. */
    private final AtomicReference<Why> why = new AtomicReference<>();
    /** The socket was handed to the lingerer, which gives the {@code max_connections} slot back once done. */
    private volatile boolean lingering;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile long lastReadNanos = openedNanos;
    /** A protocol's deadline ({@link #deadline}); 0 when none. */
    private volatile long deadlineNanos;
    private volatile String deadlineReason;
    private volatile CloseReason deadlineCause;
    /** When queued output last made progress; 0 while nothing is pending. */
    private volatile long pendingSinceNanos;

    protected AbstractConnection(ServerContext context, SocketChannel channel, Handler handler) throws IOException {
        this.context = context;
        this.channel = channel;
        this.handler = handler;
        this.id = context.nextConnectionId();
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    /** The handler every callback goes to now; call on the handler's thread. */
    protected final Handler handler() {
        return handler;
    }

    /**
     * Replaces the handler once for all engines: they all call {@link #handler()} for each callback, so the next
     * callback after this one goes to {@code next}. Runs {@code next}'s first callbacks nested in the caller's,
     * as the SPI says; an exception from them propagates to the engine, which closes the connection as for
     * any handler failure.
     */
    @Override
    public final void upgrade(Handler next, ByteBuffer unconsumed) {
        Objects.requireNonNull(next, "next");
        if (!isOpen() || finished()) {
            return;
        }
        handler = next;
        next.onOpen(this);
        if (unconsumed.hasRemaining() && isOpen()) {
            next.onData(this, unconsumed);
        }
    }

    /** Adds this connection to the registry (its slot already reserved) and logs it. */
    protected final void opened() {
        context.connections().opened(this);
    }

    /**
     * The accepted socket itself, for a model that hands it to another process ({@code process}, which then
     * leaves it alone). Only the engines' own connections have one; a layer that wraps a connection does not.
     */
    public final SocketChannel socket() {
        return channel;
    }

    @Override
    public final long id() {
        return id;
    }

    /** The client: the socket's peer, or the one its PROXY header named ({@code accept_proxy}). */
    @Override
    public final InetSocketAddress remoteAddress() {
        ProxiedClient p = proxied;
        return p == null ? remote : p.source();
    }

    /** The socket's own peer, whatever a PROXY header said: the proxy, for a proxied connection. */
    @Override
    public final InetSocketAddress peerAddress() {
        return remote;
    }

    @Override
    public final java.util.Optional<ProxiedClient> proxied() {
        return java.util.Optional.ofNullable(proxied);
    }

    /**
     * The PROXY layer read this connection's header: from now on {@link #remoteAddress} is its client. Call on
     * the handler's thread, before the protocol's handler opens.
     */
    public final void proxied(ProxiedClient client) {
        this.proxied = Objects.requireNonNull(client, "client");
    }

    @Override
    public final InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public final long bytesIn() {
        return bytesIn.get();
    }

    @Override
    public final long bytesOut() {
        return bytesOut.get();
    }

    @Override
    public final boolean draining() {
        return context.draining();
    }

    @Override
    public final void cork(boolean on) {
        if (isOpen()) {
            TcpCork.set(channel, on);
        }
    }

    @Override
    public final void close() {
        close(CloseReason.SERVER_CLOSED, CloseReason.SERVER_CLOSED.text());
    }

    @Override
    public final void close(CloseReason reason) {
        close(reason, reason.text());
    }

    @Override
    public final void abort() {
        abort(CloseReason.ABORTED, CloseReason.ABORTED.text());
    }

    @Override
    public final void deadline(java.time.Duration timeout, String reason) {
        deadline(timeout, CloseReason.TIMEOUT, reason);
    }

    @Override
    public final void deadline(java.time.Duration timeout, CloseReason reason) {
        deadline(timeout, reason, reason.text());
    }

    private void deadline(java.time.Duration timeout, CloseReason cause, String text) {
        deadlineReason = text;
        deadlineCause = cause;
        deadlineNanos = Math.max(1, System.nanoTime() + timeout.toNanos());
    }

    @Override
    public final void clearDeadline() {
        deadlineNanos = 0;
    }

    /** True when a protocol deadline is set and has passed. */
    boolean pastDeadline(long now) {
        long d = deadlineNanos;
        return d != 0 && now - d >= 0;
    }

    String deadlineReason() {
        return deadlineReason;
    }

    CloseReason deadlineCause() {
        return deadlineCause;
    }

    /**
     * Closes after flushing what is queued; {@code cause} is counted and {@code detail} logged if this is the
     * first close.
     */
    public abstract void close(CloseReason cause, String detail);

    /** Closes now, dropping queued output. */
    public abstract void abort(CloseReason cause, String detail);

    /** Records why the connection ends; the first reason wins. */
    protected final void reason(CloseReason cause, String detail) {
        if (why.get() == null) {
            why.compareAndSet(null, new Why(cause, detail));
        }
    }

    private record Why(CloseReason cause, String detail) {
    }

    /** Why the connection ended (or is ending); {@code server_closed} while nothing was said. */
    public final CloseReason closeReason() {
        return cause();
    }

    private CloseReason cause() {
        Why w = why.get();
        return w == null ? CloseReason.SERVER_CLOSED : w.cause();
    }

    /**
     * The engine's last act on the socket: closes it, or, for a graceful close that should linger
     * ({@link Lingering}: the reason {@link CloseReason#lingers}, input is left unread, or
     * {@code lingering_close = always}), hands it to the host's lingerer, which closes it later. A lingering
     * connection keeps its {@code max_connections} slot until then, so lingering cannot hold more sockets open
     * than the limit allows.
     *
     * @param graceful    a close (not an abort) whose output was all sent
     * @param unreadInput the engine still holds input the handler left unread
     */
    protected final void closeSocket(boolean graceful, boolean unreadInput) {
        if (graceful && shouldLinger(unreadInput)) {
            context.stats().lingering(true);
            if (context.lingerer().linger(channel, context.limits().lingering(), this::lingered)) {
                lingering = true;
                return;
            }
            context.stats().lingering(false);
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("conn#{} close: {}", id, e.toString());
        }
    }

    private boolean shouldLinger(boolean unreadInput) {
        Lingering l = context.limits().lingering();
        if (!l.enabled()) {
            return false;
        }
        CloseReason c = cause();
        if (c == CloseReason.CLIENT_CLOSED) {
            return false;
        }
        return l.mode() == Lingering.Mode.ALWAYS || c.lingers() || unreadInput;
    }

    private void lingered() {
        context.stats().lingering(false);
        context.connections().lingerEnded();
    }

    /** True once the socket went to the lingerer: its slot is given back when lingering ends. */
    boolean lingering() {
        return lingering;
    }

    protected final void received(int n) {
        bytesIn.addAndGet(n);
        context.stats().bytesIn(n);
        lastReadNanos = System.nanoTime();
    }

    protected final void sent(long n) {
        bytesOut.addAndGet(n);
        context.stats().bytesOut(n);
    }

    /** Engines call this when output is queued or makes progress ({@code true}) and when it is all sent. */
    protected final void outputPending(boolean pending) {
        pendingSinceNanos = pending ? System.nanoTime() : 0;
    }

    /** Called when output is queued; starts the stall clock only if nothing was pending before. */
    protected final void outputQueued() {
        if (pendingSinceNanos == 0) {
            pendingSinceNanos = System.nanoTime();
        }
    }

    /**
     * True (and the connection aborted) when {@code queuedBytes} passes the outbox limit. Engines call it
     * each time output is queued, so it also records the stats' peak outbox.
     */
    protected final boolean overOutbox(long queuedBytes) {
        context.stats().outboxQueued(queuedBytes);
        long max = context.limits().maxOutbox();
        if (queuedBytes > max) {
            abort(CloseReason.OUTBOX_OVERFLOW, "queued output over " + Bytes.human(max) + ": client not reading");
            return true;
        }
        return false;
    }

    /** The live write watermarks. */
    protected final Watermarks watermarks() {
        return context.limits().writeBuffer();
    }

    /**
     * Counts a change of writability in the stats' gauge, when it happens; a connection that closes while
     * unwritable counts itself writable again, so the gauge holds only live connections.
     */
    protected final void writabilityFlipped(boolean writable) {
        context.stats().writabilityChanged(writable);
    }

    /** Tells the handler that writability changed. Call on the handler's thread, outside any other callback. */
    protected final void notifyWritability(boolean writable) {
        try {
            handler.onWritabilityChanged(this, writable);
        } catch (RuntimeException e) {
            handlerFailed(e);
        }
    }

    long idleNanos(long now) {
        return now - lastReadNanos;
    }

    long stalledNanos(long now) {
        long since = pendingSinceNanos;
        return since == 0 ? 0 : now - since;
    }

    long ageMillis() {
        return (System.nanoTime() - openedNanos) / 1_000_000;
    }

    /** Handler errors are the handler's bug, not the server's: count, log, close this connection only. */
    protected final void handlerFailed(RuntimeException e) {
        context.stats().error();
        log.warn("conn#{} handler failed, closing: {}", id, e.toString(), e);
        abort(CloseReason.HANDLER_ERROR, "handler error: " + e.getClass().getSimpleName());
    }

    /**
     * Ends the connection's life once: the handler's {@code onClose}, then the registry and the log line.
     * Call on the handler's thread, after the socket is closed.
     */
    protected final void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        try {
            handler.onClose(this);
        } catch (RuntimeException e) {
            context.stats().error();
            log.warn("conn#{} handler onClose failed: {}", id, e.toString(), e);
        }
        Why w = why.get();
        context.connections().closed(this, w == null ? CloseReason.SERVER_CLOSED : w.cause(),
                w == null ? "closed" : w.detail());
    }

    protected final boolean finished() {
        return finished.get();
    }
}
