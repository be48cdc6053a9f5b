package io.wharf.core.model.nio;

import io.wharf.core.Engine;
import io.wharf.core.ServerContext;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The {@code event} and {@code reactor} models for one listener: an acceptor on one loop of the host's shared
 * {@link LoopGroup}, dealing connections round-robin over the group's loops. {@code event}: one loop accepts
 * and serves everything, all non-blocking, nothing shared between threads on the hot path, fast until one
 * core is saturated; a handler that blocks stalls every client, and offloaded work runs inline.
 * {@code reactor}: the loops use every core and a worker pool takes offloaded work; the price is hand-offs.
 *
 * <p>Threading: as {@link Engine}; a connection lives on one loop for its whole life.
 */
public final class LoopEngine implements Engine {

    private final LoopGroup group;
    private volatile LoopAcceptor acceptor;

    public LoopEngine(LoopGroup group) {
        this.group = group;
    }

    @Override
    public void start(ServerSocketChannel listener, ServerContext context) throws IOException {
        EventLoop loop = group.acceptorLoop();
        LoopAcceptor a = new LoopAcceptor(listener, context, loop, group);
        // registered on the loop's own thread: the loop is running already, serving other listeners
        CompletableFuture<Void> registered = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                a.register();
                registered.complete(null);
            } catch (IOException | RuntimeException e) {
                registered.completeExceptionally(e);
            }
        });
        try {
            registered.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the acceptor", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        acceptor = a;
    }

    @Override
    public void stopAccepting() {
        LoopAcceptor a = acceptor;
        if (a != null) {
            a.loop().execute(a::stop);
        }
    }

    /** The group outlives the listener: other listeners may be on it; the host closes it. */
    @Override
    public void close() {
        stopAccepting();
    }

    @Override
    public Map<String, Long> gauges() {
        return group.gauges();
    }
}
