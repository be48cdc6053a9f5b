package io.wharf.core.model.nio;

import io.wharf.core.ServerContext;
import io.wharf.core.SocketIo;
import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A non-blocking connection served by one {@link EventLoop}: it reads into the loop's buffer and hands it
 * to the handler; writing, files, back-pressure and closing are its {@link NioOutput} layer.
 *
 * <p>Reads go through {@link SocketIo} ({@code recv} on the raw descriptor on Java 22+); the descriptor is
 * safe to use because only the loop closes the channel, after its last use.
 *
 * <p>Reading is on only while nothing holds it back: the handler's {@link #pauseReading}, unwritability
 * (the outbox over its high watermark), or work {@link #offload offloaded} to the workers. Input the handler
 * leaves in the loop's shared read buffer while reading is held back is copied into {@code kept} and handed
 * over again, ahead of anything new, by a loop task once nothing holds reading back, never nested inside
 * another callback.
 *
 * <p>Threading: the {@link io.wharf.core.spi.Connection} methods are safe from any thread; {@code close},
 * {@code abort}, {@code resumeReading}, {@code execute} and foreign writes hand their work to the loop. Everything else
 * (reading, flushing, interest ops, the read-gating state, closing the channel, {@code finish}) runs on the
 * loop thread, which is also the only thread that calls the handler.
 */
final class NioConnection extends NioOutput implements Selectable {

    private static final Logger log = LoggerFactory.getLogger(NioConnection.class);
    /** Reads per readiness while each fills the buffer; bounds how long one busy client holds the loop. */
    private static final int MAX_READS = 16;

    /** Where offloaded work runs; null runs it inline on the loop ({@code event}). */
    private final Executor workers;
    private final Runnable readingTask = this::applyReading;
    private final Runnable resumeTask = this::resumeOnLoop;
    /** The handler paused reading. */
    private boolean paused;
    /** Offloaded work not yet handed back: reading waits for it, so pipelined replies keep their order. */
    private int offloads;
    /** A copy of input the handler left while reading was held back; null when none. */
    private ByteBuffer kept;
    /** End of stream was read (a half-close the handler may keep open): never read again. */
    private boolean inputEnded;

    private NioConnection(ServerContext context, SocketChannel channel, Handler handler, EventLoop loop,
                          Executor workers) throws IOException {
        super(context, channel, handler, loop);
        this.workers = workers;
    }

    /**
     * Registers an accepted channel, whose connection slot is already reserved, with {@code loop} and starts
     * its handler. Loop thread only.
     */
    static void open(EventLoop loop, SocketChannel channel, ServerContext context, Executor workers) {
        NioConnection c;
        try {
            channel.configureBlocking(false);
            c = new NioConnection(context, channel, context.handlerFactory().newHandler(), loop, workers);
            c.key = channel.register(loop.selector(), SelectionKey.OP_READ, c);
            c.interest = SelectionKey.OP_READ;
        } catch (IOException | RuntimeException e) {
            setupFailed(context, channel, e, "an accepted connection");
            return;
        }
        c.start();
    }

    /**
     * Takes over a connected outbound channel, already registered on {@code loop} as {@code key} by a
     * {@link NioConnector} and holding a slot of the outbound {@code context}, and starts {@code handler}.
     * Loop thread only.
     */
    static void openOutbound(EventLoop loop, SocketChannel channel, SelectionKey key, ServerContext context,
                             Executor workers, Handler handler) {
        NioConnection c;
        try {
            c = new NioConnection(context, channel, handler, loop, workers);
            c.key = key;
            key.attach(c);
            key.interestOps(SelectionKey.OP_READ);
            c.interest = SelectionKey.OP_READ;
        } catch (IOException | RuntimeException e) {
            key.cancel();
            setupFailed(context, channel, e, "an outbound connection");
            return;
        }
        c.start();
    }

    private static void setupFailed(ServerContext context, SocketChannel channel, Exception e, String what) {
        context.connections().release();
        context.stats().error();
        log.warn("could not set up {}: {}", what, e.toString());
        try {
            channel.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    private void start() {
        NioConnection c = this;
        c.opened();
        try {
            c.handler().onOpen(c);
        } catch (RuntimeException e) {
            c.handlerFailed(e);
        }
    }

    @Override
    public void ready(SelectionKey k) {
        int ops = k.readyOps();
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        // reading may have been held back by an earlier key of this same select
        if ((ops & SelectionKey.OP_READ) != 0 && state.get() == OPEN && !readBlocked() && kept == null) {
            read();
        }
    }

    @Override
    public void loopStopping() {
        abort(CloseReason.SERVER_STOPPING, "server stopping");
    }

    private void read() {
        ByteBuffer buf = loop.readBuffer();
        for (int i = 0; i < MAX_READS; i++) {
            buf.clear();
            int n;
            try {
                n = SocketIo.read(channel, fd, buf);
            } catch (IOException e) {
                abort(CloseReason.READ_ERROR, "read failed: " + e.getMessage());
                return;
            }
            if (n <= 0) {
                if (n < 0) {
                    inputEnded = true;
                    setInterest(interest & ~SelectionKey.OP_READ);
                    boolean closes;
                    try {
                        handler().onInputEnded(this); // its last words still go out before the close
                        closes = handler().closeOnInputEnded();
                    } catch (RuntimeException e) {
                        handlerFailed(e);
                        return;
                    }
                    if (closes) {
                        close(CloseReason.CLIENT_CLOSED, "closed by client");
                    } else {
                        reason(CloseReason.CLIENT_CLOSED, "closed by client");
                    }
                }
                return;
            }
            received(n);
            buf.flip();
            try {
                handler().onData(this, buf);
            } catch (RuntimeException e) {
                handlerFailed(e);
                return;
            }
            if (readBlocked()) {
                if (buf.hasRemaining()) {
                    // the loop reuses its buffer for the next connection: what the handler left is copied
                    kept = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
                }
                setInterest(interest & ~SelectionKey.OP_READ);
                return;
            }
            if (n < buf.capacity() || state.get() != OPEN) {
                return;
            }
        }
    }

    private boolean readBlocked() {
        return paused || !writable || offloads > 0;
    }

    @Override
    public void pauseReading() {
        onLoop(this::pauseOnLoop);
    }

    private void pauseOnLoop() {
        paused = true;
        setInterest(interest & ~SelectionKey.OP_READ);
    }

    @Override
    public void resumeReading() {
        if (!loop.inLoop()) {
            loop.execute(resumeTask);
        } else if (paused) {
            // cleared now, so a pause later in this same callback wins; kept input goes out as a task
            paused = false;
            loop.execute(readingTask);
        }
    }

    private void resumeOnLoop() {
        paused = false;
        applyReading();
    }

    /**
     * Hands kept input over if nothing holds reading back any more, then sets {@code OP_READ} to match. A
     * loop task (or run after a task's callback returned), so its {@code onData} is never nested.
     */
    @Override
    void applyReading() {
        if (state.get() != OPEN || channelClosed) {
            return;
        }
        if (kept != null && !readBlocked()) {
            ByteBuffer k = kept;
            try {
                handler().onData(this, k);
            } catch (RuntimeException e) {
                handlerFailed(e);
                return;
            }
            // what a handler leaves while reading is on is dropped, as with any onData
            if (!k.hasRemaining() || !readBlocked()) {
                kept = null;
            }
            if (state.get() != OPEN) {
                return;
            }
        }
        boolean read = !readBlocked() && kept == null && !inputEnded;
        setInterest(read ? interest | SelectionKey.OP_READ : interest & ~SelectionKey.OP_READ);
    }

    @Override
    public void connect(java.net.InetSocketAddress address, java.time.Duration timeout, Handler handler,
                        java.util.function.Consumer<String> failed) {
        onLoop(() -> NioConnector.start(loop, context.outbound(), workers, address, timeout, handler, failed));
    }

    @Override
    boolean dropInput() {
        boolean unread = kept != null && kept.hasRemaining();
        kept = null;
        return unread;
    }

    /** A loop task; skipped once the channel is closed, as {@code finish} follows then. */
    @Override
    public void execute(Runnable task) {
        loop.execute(() -> {
            if (!channelClosed) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    handlerFailed(e);
                }
            }
        });
    }

    @Override
    public <T> void offload(Supplier<T> work, Consumer<T> then) {
        if (workers == null) {
            onLoop(() -> runInline(work, then));
            return;
        }
        // reading waits for the result, so a pipelined request cannot overtake this one
        onLoop(this::offloadStarted);
        try {
            workers.execute(() -> {
                T result;
                try {
                    result = work.get();
                } catch (RuntimeException e) {
                    handlerFailed(e);
                    return;
                }
                loop.execute(() -> {
                    deliver(then, result);
                    offloads--;
                    applyReading();
                });
            });
        } catch (RejectedExecutionException e) {
            abort(CloseReason.SERVER_STOPPING, "worker pool stopped");
        }
    }

    private void offloadStarted() {
        offloads++;
        setInterest(interest & ~SelectionKey.OP_READ);
    }

    private <T> void runInline(Supplier<T> work, Consumer<T> then) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            handlerFailed(e);
            return;
        }
        deliver(then, result);
    }

    /** Hands a result to the handler on the loop, unless the connection ended meanwhile. */
    private <T> void deliver(Consumer<T> then, T result) {
        if (channelClosed) {
            return;
        }
        try {
            then.accept(result);
        } catch (RuntimeException e) {
            handlerFailed(e);
        }
    }
}
