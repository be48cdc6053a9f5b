package io.wharf.core.model.nio;

import io.wharf.core.ServerContext;
import io.wharf.core.spi.Handler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One non-blocking connect on an {@link EventLoop}: registers {@code OP_CONNECT}, and once the connect
 * completes hands the channel, on the same key, to a new {@link NioConnection} served by that loop. A loop
 * timer gives up after the connect timeout.
 *
 * <p>Threading: loop thread only, from {@link #start} to the end; {@code failed} runs there too, at most
 * once, and never together with the handler.
 */
final class NioConnector implements Selectable {

    private final EventLoop loop;
    private final ServerContext context;
    private final Executor workers;
    private final InetSocketAddress address;
    private final Handler handler;
    private final Consumer<String> failed;
    private SocketChannel channel;
    private SelectionKey key;
    private boolean done;

    private NioConnector(EventLoop loop, ServerContext context, Executor workers, InetSocketAddress address,
                         Handler handler, Consumer<String> failed) {
        this.loop = loop;
        this.context = context;
        this.workers = workers;
        this.address = address;
        this.handler = handler;
        this.failed = failed;
    }

    /** Starts connecting to {@code address}; {@code context} is the outbound one. Loop thread only. */
    static void start(EventLoop loop, ServerContext context, Executor workers, InetSocketAddress address,
                      Duration timeout, Handler handler, Consumer<String> failed) {
        NioConnector c = new NioConnector(loop, context, workers, address, handler, failed);
        if (!context.connections().tryReserve()) {
            c.fail("too many outbound connections (max_connections)");
            return;
        }
        try {
            c.channel = SocketChannel.open();
            c.channel.configureBlocking(false);
            c.channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            if (c.channel.connect(address)) {
                c.key = c.channel.register(loop.selector(), 0, c);
                c.connected();
                return;
            }
            c.key = c.channel.register(loop.selector(), SelectionKey.OP_CONNECT, c);
        } catch (IOException | RuntimeException e) {
            c.abandon("connect to " + address + " failed: " + message(e));
            return;
        }
        if (!timeout.isZero()) {
            loop.schedule(Math.max(1, timeout.toMillis()), () -> c.timedOut(timeout));
        }
    }

    @Override
    public void ready(SelectionKey k) {
        if (done) {
            return;
        }
        try {
            if (!channel.finishConnect()) {
                return;
            }
        } catch (IOException | RuntimeException e) {
            abandon("connect to " + address + " failed: " + message(e));
            return;
        }
        connected();
    }

    @Override
    public void loopStopping() {
        abandon("server stopping");
    }

    private void connected() {
        done = true;
        NioConnection.openOutbound(loop, channel, key, context, workers, handler);
    }

    private void timedOut(Duration timeout) {
        if (!done) {
            abandon("connect to " + address + " timed out after " + timeout.toMillis() + "ms");
        }
    }

    /** Closes the half-made channel, gives the slot back and reports the failure. */
    private void abandon(String why) {
        if (done) {
            return;
        }
        context.connections().release();
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // failing already
            }
        }
        fail(why);
    }

    private void fail(String why) {
        done = true;
        failed.accept(why);
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
