package io.wharf.core.model.nio;

import io.wharf.core.AbstractConnection;
import io.wharf.core.FileRegion;
import io.wharf.core.ServerContext;
import io.wharf.core.SocketIo;
import io.wharf.core.Watermarks;
import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Handler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The output side of a {@link NioConnection} and the close path it ends in: writes, files, flushing, the
 * watermarks, the FIN, and closing the channel. {@link NioConnection} adds the reading; it is a layer of the
 * same object rather than a helper it calls, so the per-write path has no extra object or indirection.
 *
 * <p>Writing: on the loop with nothing queued, the bytes go to the socket at once, without a copy, and
 * only an unwritten remainder is copied into the {@link Outbox} (then {@code OP_WRITE} is set until it
 * drains). A write from another thread is copied into the outbox and a flush is scheduled on the loop;
 * because both paths share the outbox, writes keep call order. A write that completes at once changes no
 * interest ops and makes no syscall beyond the write itself. Immediate writes go through {@link SocketIo}
 * ({@code send} on the raw descriptor on Java 22+); the descriptor is safe to use because only the loop
 * closes the channel, after its last use.
 *
 * <p>Files ({@link #sendFile}) take the same two paths with {@code transferTo} in place of the write: sent at
 * once on the loop when nothing is queued, otherwise queued as a region behind the buffers before it. A
 * region costs no memory, so it does not count against {@code max_outbox}; it is closed once sent or when
 * the connection closes.
 *
 * <p>Back-pressure: {@link #updateWritability} is the one decision point. When the outbox passes the high
 * watermark the connection becomes unwritable and drops {@code OP_READ}; when it drains below the low one it
 * is writable again. Handler events for a change of writability run as loop tasks, in order, after the
 * callback that caused it.
 *
 * <p>Closing: {@link #close} flushes what is queued first (state {@code CLOSING}, finished by the flush
 * that empties the outbox); {@link #abort} drops it ({@code ABORTING}). Either way the loop closes the
 * channel once, and the handler's {@code onClose} follows as a loop task. A flush reads the close (and a
 * {@link #shutdownOutput}) before it looks at the outbox: a foreign thread's writes are queued before its
 * close, so a flush that saw the close and then an empty outbox has sent them all, whereas one that found
 * the outbox empty first could meet a close that came after more writes (see {@link #flush}).
 *
 * <p>Threading: {@code write}, {@code sendFile}, {@code shutdownOutput}, {@code close}, {@code abort},
 * {@code isOpen} and {@code writable} are safe from any thread; the close calls and foreign writes hand
 * their work to the loop. Flushing, interest ops, the writability decision and closing the channel run on
 * the loop thread only. {@code writable} and {@code outputShut} are written on the loop (a shut from any
 * thread) and are volatile only so that other threads can read them; {@code state} is atomic because a
 * close or abort may come from any thread. The outbox is shared: any thread adds, only the loop writes it
 * out, so on the loop an empty outbox is a snapshot that a foreign write may end at once; it is safe to act
 * on only for what was known before the look (the immediate write of {@code writeOnLoop} is unordered with
 * a concurrent foreign write anyway).
 */
abstract class NioOutput extends AbstractConnection {

    static final int OPEN = 0;
    /** close(): flush what is queued, then close. */
    static final int CLOSING = 1;
    /** abort(), or the channel is closed: drop output, close now. */
    static final int ABORTING = 2;

    final EventLoop loop;
    /** The raw descriptor for {@link SocketIo}, or -1: then reads and writes go through the channel. */
    final int fd;
    final AtomicInteger state = new AtomicInteger(OPEN);
    SelectionKey key;
    int interest;
    boolean channelClosed;
    private final Outbox outbox = new Outbox();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Runnable flushTask = this::scheduledFlush;
    private final Runnable writableEvent = () -> writabilityEvent(true);
    private final Runnable unwritableEvent = () -> writabilityEvent(false);
    /** False while the outbox is over the high watermark; written on the loop only. */
    volatile boolean writable = true;
    /** {@link #shutdownOutput} was asked: FIN once the outbox is empty; later writes are dropped. */
    private volatile boolean outputShut;
    private boolean finSent;

    NioOutput(ServerContext context, SocketChannel channel, Handler handler, EventLoop loop) throws IOException {
        super(context, channel, handler);
        this.loop = loop;
        this.fd = SocketIo.fd(channel);
    }

    /** Loop thread: the output drained below the low watermark, so reading may go on if nothing else holds it. */
    abstract void applyReading();

    /** Loop thread, closing: drops the input kept for the handler; true if some of it was never read. */
    abstract boolean dropInput();

    @Override
    public final boolean writable() {
        return writable;
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
    public final void write(ByteBuffer data) {
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
    public final void sendFile(FileChannel file, long position, long count) {
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

    /**
     * Writes what the outbox holds; when it is empty, stops watching OP_WRITE and finishes a close (or sends
     * the FIN of a shutdown).
     *
     * <p>The close and the shutdown are read before the outbox is looked at, never after: a thread closes
     * after its own writes, so once this sees {@code CLOSING} every write made before the close is already
     * in the outbox, and an outbox found empty afterwards means all of it was sent. Read after the outbox
     * looked empty, a close could come together with writes queued in between, and the channel would close
     * with them unsent. A close that lands after the read is finished by its own {@code closeGracefully}.
     */
    final void flush() {
        if (channelClosed) {
            return;
        }
        boolean closing = state.get() == CLOSING;
        boolean shut = outputShut;
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
        if (closing && state.get() == CLOSING) { // unless an abort overtook the close: its closeNow follows
            closeChannel(true);
        } else if (shut && !finSent) {
            sendFin();
        }
    }

    @Override
    public final void shutdownOutput() {
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

    /** Loop thread: sets the key's interest ops, unless they are already {@code ops} or the channel is closed. */
    final void setInterest(int ops) {
        if (ops != interest && !channelClosed) {
            interest = ops;
            key.interestOps(ops);
        }
    }

    @Override
    public final void close(CloseReason cause, String reason) {
        reason(cause, reason);
        if (state.compareAndSet(OPEN, CLOSING)) {
            onLoop(this::closeGracefully);
        }
    }

    @Override
    public final void abort(CloseReason cause, String reason) {
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
    public final boolean isOpen() {
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
        closeSocket(graceful, dropInput());
        outbox.close();
        outputPending(false);
        if (!writable) {
            writabilityFlipped(true);
        }
        loop.execute(this::finish);
    }

    /** Runs {@code task} now on the loop thread, or hands it to the loop from any other. */
    final void onLoop(Runnable task) {
        if (loop.inLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }
}
