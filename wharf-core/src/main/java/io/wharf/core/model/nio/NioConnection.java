package io.wharf.core.model.nio;

import io.wharf.core.AbstractConnection;
import io.wharf.core.FileRegion;
import io.wharf.core.ServerContext;
import io.wharf.core.SocketIo;
import io.wharf.core.Watermarks;
import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A non-blocking connection served by one {@link EventLoop}: it reads into the loop's buffer and hands it
 * to the handler, and writes straight from the caller's buffer when it can.
 *
 * <p>Writing: on the loop with nothing queued, the bytes go to the socket at once, without a copy, and
 * only an unwritten remainder is copied into the {@link Outbox} (then {@code OP_WRITE} is set until it
 * drains). A write from another thread is copied into the outbox and a flush is scheduled on the loop;
 * because both paths share the outbox, writes keep call order. A write that completes at once changes no
 * interest ops and makes no syscall beyond the write itself.
 *
 * <p>Reads and immediate writes go through {@link SocketIo} ({@code recv}/{@code send} on the raw descriptor on
 * Java 22+); the descriptor is safe to use because only the loop closes the channel, after its last use.
 *
 * <p>Files ({@link #sendFile}) take the same two paths with {@code transferTo} in place of the write: sent at
 * once on the loop when nothing is queued, otherwise queued as a region behind the buffers before it. A
 * region costs no memory, so it does not count against {@code max_outbox}; it is closed once sent or when
 * the connection closes.
 *
 * <p>Back-pressure: {@link #updateWritability} is the one decision point. When the outbox passes the high
 * watermark the connection becomes unwritable and drops {@code OP_READ}; when it drains below the low one it
 * is writable again. Reading is on only while nothing holds it back: the handler's {@link #pauseReading},
 * unwritability, or work {@link #offload offloaded} to the workers. Input the handler leaves in the loop's
 * shared read buffer while reading is held back is copied into {@code kept} and handed over again, ahead of
 * anything new, by a loop task once nothing holds reading back, never nested inside another callback.
 * Handler events for a change of writability run as loop tasks, in order, after the callback that caused it.
 *
 * <p>Threading: the {@link io.wharf.core.spi.Connection} methods are safe from any thread; {@code close},
 * {@code abort}, {@code resumeReading}, {@code execute} and foreign writes hand their work to the loop. Everything else
 * (reading, flushing, interest ops, the read-gating state, closing the channel, {@code finish}) runs on the
 * loop thread, which is also the only thread that calls the handler; {@code writable} is written there
 * and is volatile only so that other threads can read it.
 */
final class NioConnection extends AbstractConnection implements Selectable {

    private static final Logger log = LoggerFactory.getLogger(NioConnection.class);
    /** Reads per readiness while each fills the buffer; bounds how long one busy client holds the loop. */
    private static final int MAX_READS = 16;

    private static final int OPEN = 0;
    /** close(): flush what is queued, then close. */
    private static final int CLOSING = 1;
    /** abort(), or the channel is closed: drop output, close now. */
    private static final int ABORTING = 2;

    private final EventLoop loop;
    /** The raw descriptor for {@link SocketIo}, or -1: then reads and writes go through the channel. */
    private final int fd;
    /** Where offloaded work runs; null runs it inline on the loop ({@code event}). */
    private final Executor workers;
    private final Outbox outbox = new Outbox();
    private final AtomicInteger state = new AtomicInteger(OPEN);
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Runnable flushTask = this::scheduledFlush;
    private final Runnable readingTask = this::applyReading;
    private final Runnable resumeTask = this::resumeOnLoop;
    private final Runnable writableEvent = () -> writabilityEvent(true);
    private final Runnable unwritableEvent = () -> writabilityEvent(false);
    private SelectionKey key;
    private int interest;
    private boolean channelClosed;
    private volatile boolean writable = true;
    /** The handler paused reading. */
    private boolean paused;
    /** Offloaded work not yet handed back: reading waits for it, so pipelined replies keep their order. */
    private int offloads;
    /** A copy of input the handler left while reading was held back; null when none. */
    private ByteBuffer kept;
    /** End of stream was read (a half-close the handler may keep open): never read again. */
    private boolean inputEnded;
    /** {@link #shutdownOutput} was asked: FIN once the outbox is empty; later writes are dropped. */
    private volatile boolean outputShut;
    private boolean finSent;

    private NioConnection(ServerContext context, SocketChannel channel, Handler handler, EventLoop loop,
                          Executor workers) throws IOException {
        super(context, channel, handler);
        this.loop = loop;
        this.workers = workers;
        this.fd = SocketIo.fd(channel);
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

    @Override
    public boolean writable() {
        return writable;
    }

    /**
     * Hands kept input over if nothing holds reading back any more, then sets {@code OP_READ} to match. A
     * loop task (or run after a task's callback returned), so its {@code onData} is never nested.
     */
    private void applyReading() {
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

    /**
     * The one decision point of back-pressure, run on the loop whenever the outbox grew or drained: past the
     * high watermark reading stops at once and the handler hears of it in a task; below the low one the
     * task tells the handler, then hands kept input over and reads again. Costs a comparison when nothing
     * changes.
     */
    private void updateWritability() {
        long queued = outbox.bytes();
        Watermarks w = watermarks();
        if (writable) {
            if (w.above(queued)) {
                writable = false;
                writabilityFlipped(false);
                setInterest(interest & ~SelectionKey.OP_READ);
                loop.execute(unwritableEvent);
            }
        } else if (w.below(queued)) {
            writable = true;
            writabilityFlipped(true);
            loop.execute(writableEvent);
        }
    }

    private void writabilityEvent(boolean nowWritable) {
        if (channelClosed) {
            return;
        }
        notifyWritability(nowWritable);
        if (nowWritable) {
            applyReading();
        }
    }

    @Override
    public void write(ByteBuffer data) {
        if (state.get() != OPEN || outputShut) {
            data.position(data.limit());
            return;
        }
        if (!data.hasRemaining()) {
            return;
        }
        if (loop.inLoop()) {
            writeOnLoop(data);
        } else {
            writeForeign(data);
        }
    }

    private void writeOnLoop(ByteBuffer data) {
        if (outbox.isEmpty()) {
            try {
                int n = SocketIo.write(channel, fd, data);
                if (n > 0) {
                    sent(n);
                }
            } catch (IOException e) {
                data.position(data.limit());
                abort(CloseReason.WRITE_ERROR, "write failed: " + e.getMessage());
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
        }
        if (queue(data)) {
            setInterest(interest | SelectionKey.OP_WRITE);
            updateWritability();
        }
    }

    private void writeForeign(ByteBuffer data) {
        if (queue(data) && flushScheduled.compareAndSet(false, true)) {
            loop.execute(flushTask);
        }
    }

    @Override
    public void sendFile(FileChannel file, long position, long count) {
        FileRegion region = new FileRegion(file, position, count);
        if (state.get() != OPEN || region.done()) {
            region.close();
            return;
        }
        if (loop.inLoop()) {
            sendFileOnLoop(region);
        } else {
            outbox.add(region);
            outputQueued();
            if (flushScheduled.compareAndSet(false, true)) {
                loop.execute(flushTask);
            }
        }
    }

    private void sendFileOnLoop(FileRegion region) {
        if (outbox.isEmpty()) {
            try {
                long n = region.transferTo(channel, Outbox.TRANSFER_MAX);
                if (n > 0) {
                    sent(n);
                }
            } catch (IOException e) {
                region.close();
                abort(CloseReason.WRITE_ERROR, "send file failed: " + e.getMessage());
                return;
            }
            if (region.done()) {
                region.close();
                return;
            }
        }
        outbox.add(region);
        outputQueued();
        setInterest(interest | SelectionKey.OP_WRITE);
    }

    /** Copies {@code data} into the outbox; false when that put it over the limit (and aborted). */
    private boolean queue(ByteBuffer data) {
        if (overOutbox(outbox.add(data))) {
            return false;
        }
        outputQueued();
        return true;
    }

    private void scheduledFlush() {
        flushScheduled.set(false);
        flush();
    }

    /** Writes what the outbox holds; when it is empty, stops watching OP_WRITE and finishes a close. */
    private void flush() {
        if (channelClosed) {
            return;
        }
        if (!outbox.isEmpty()) {
            long n;
            try {
                n = outbox.writeTo(channel);
            } catch (IOException e) {
                abort(CloseReason.WRITE_ERROR, "write failed: " + e.getMessage());
                return;
            }
            if (!outbox.isEmpty()) {
                if (n > 0) {
                    sent(n);
                    outputPending(true);
                } else {
                    outputQueued();
                }
                setInterest(interest | SelectionKey.OP_WRITE);
                updateWritability();
                return;
            }
            sent(n);
        }
        setInterest(interest & ~SelectionKey.OP_WRITE);
        outputPending(false);
        updateWritability();
        if (state.get() == CLOSING) {
            closeChannel(true);
        } else if (outputShut && !finSent) {
            sendFin();
        }
    }

    @Override
    public void shutdownOutput() {
        outputShut = true;
        onLoop(this::flush); // sends the FIN at once when nothing is queued, else once the outbox drains
    }

    private void sendFin() {
        finSent = true;
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            abort(CloseReason.WRITE_ERROR, "shutdown output failed: " + e.getMessage());
        }
    }

    @Override
    public void connect(java.net.InetSocketAddress address, java.time.Duration timeout, Handler handler,
                        java.util.function.Consumer<String> failed) {
        onLoop(() -> NioConnector.start(loop, context.outbound(), workers, address, timeout, handler, failed));
    }

    private void setInterest(int ops) {
        if (ops != interest && !channelClosed) {
            interest = ops;
            key.interestOps(ops);
        }
    }

    @Override
    public void close(CloseReason cause, String reason) {
        reason(cause, reason);
        if (state.compareAndSet(OPEN, CLOSING)) {
            onLoop(this::closeGracefully);
        }
    }

    @Override
    public void abort(CloseReason cause, String reason) {
        reason(cause, reason);
        int s;
        do {
            s = state.get();
            if (s == ABORTING) {
                return;
            }
        } while (!state.compareAndSet(s, ABORTING));
        onLoop(this::closeNow);
    }

    @Override
    public boolean isOpen() {
        return state.get() == OPEN;
    }

    private void closeGracefully() {
        setInterest(interest & ~SelectionKey.OP_READ);
        flush();
    }

    private void closeNow() {
        closeChannel(false);
    }

    /**
     * Closes the socket (or, for a graceful close, hands it to the lingerer: {@link #closeSocket}), drops
     * queued output and closes queued files. The handler's {@code onClose} runs as a loop task, so it never
     * runs nested inside an {@code onData} that aborted its own connection.
     *
     * @param graceful everything queued was sent (a close, not an abort)
     */
    private void closeChannel(boolean graceful) {
        if (channelClosed) {
            return;
        }
        channelClosed = true;
        state.set(ABORTING);
        key.cancel();
        closeSocket(graceful, kept != null && kept.hasRemaining());
        outbox.close();
        outputPending(false);
        kept = null;
        if (!writable) {
            writabilityFlipped(true);
        }
        loop.execute(this::finish);
    }

    private void onLoop(Runnable task) {
        if (loop.inLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
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
