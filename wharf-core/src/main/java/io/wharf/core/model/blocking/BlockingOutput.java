package io.wharf.core.model.blocking;

import io.wharf.core.AbstractConnection;
import io.wharf.core.FileRegion;
import io.wharf.core.ServerContext;
import io.wharf.core.Watermarks;
import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Handler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The output side of a {@link BlockingConnection} and the close path: its state, who writes how (the
 * owner, and its {@link #peer}, inline; anyone else through the queue), the writability the
 * {@link BlockingOutbox} decides, and closing. {@link BlockingConnection} adds the owner's reading; it is a
 * layer of the same object rather than a helper it calls, so the per-write path has no extra object.
 *
 * <p>Closing: {@link #abort} closes the socket at once, which makes a blocked read or write on the owner
 * throw. {@link #close(CloseReason, String)} from another thread shuts the input down, so the owner's
 * blocked read returns end-of-stream; either way the owner leaves its loop, flushes what is left (unless
 * aborted, {@link #shutdownOnOwner}), closes the socket and calls {@link #finish()}, once.
 *
 * <p>Threading: every public method is safe from any thread. {@code lock} guards the state transitions
 * and is only held briefly; the outbox shares it, so a write is queued only while the connection is open.
 * {@code readable}, a {@link Condition} of {@code lock}, is signalled by every change that may let a
 * waiting owner go on: writable again, closing, closed. It is a {@link ReentrantLock} because owners may be
 * virtual threads. Lock order: the handler's turn, then the outbox's {@code writeLock}, then {@code lock},
 * never the reverse.
 */
abstract class BlockingOutput extends AbstractConnection {

    enum State { OPEN, CLOSING, CLOSED }

    final ReentrantLock lock = new ReentrantLock();
    /** Signalled when reading may go on: resumed, writable again, or closing. */
    final Condition readable = lock.newCondition();
    final BlockingOutbox outbox;
    volatile State state = State.OPEN;
    volatile Thread owner;
    /** Written under {@code lock} by the outbox; volatile so any thread may read it. */
    volatile boolean writable = true;
    /** Times the outbox passed the high watermark; written under {@code lock}. */
    volatile long unwritableSpells;
    /**
     * The thread serving the connection this one is paired with by {@code connect}: it writes inline too, so
     * a proxy's two threads push back on each other with blocking writes. Null when unpaired.
     */
    private volatile Thread peer;
    /** {@link #shutdownOutput} was asked: writes are dropped from then on. */
    private volatile boolean outputShut;

    BlockingOutput(ServerContext context, SocketChannel channel, Handler handler) throws IOException {
        super(context, channel, handler);
        this.outbox = new BlockingOutbox(this, channel, lock);
    }

    /** Owner only, once its read loop ended: true if the handler left input unread in its buffer. */
    abstract boolean unreadInput();

    /** The outbox crossed a watermark; {@code lock} is held. */
    final void writability(boolean nowWritable) {
        writable = nowWritable;
        if (!nowWritable) {
            unwritableSpells++;
        }
        writabilityFlipped(nowWritable);
        if (nowWritable) {
            readable.signalAll();
        }
    }

    final boolean isWritable() {
        return writable;
    }

    final Watermarks writeBuffer() {
        return watermarks();
    }

    @Override
    public final boolean writable() {
        return writable;
    }

    @Override
    public final void write(ByteBuffer data) {
        if (!data.hasRemaining()) {
            return;
        }
        if (state != State.OPEN || outputShut) {
            data.position(data.limit());
            return;
        }
        Thread t = Thread.currentThread();
        if (t == owner || t == peer) {
            outbox.writeInline(data);
        } else {
            outbox.enqueue(data);
        }
    }

    @Override
    public final void sendFile(FileChannel file, long position, long count) {
        FileRegion region = new FileRegion(file, position, count);
        if (state != State.OPEN || region.done()) {
            region.close();
        } else if (Thread.currentThread() == owner) {
            outbox.sendInline(region);
        } else {
            outbox.enqueue(region);
        }
    }

    @Override
    public final void shutdownOutput() {
        if (state == State.OPEN && !outputShut) {
            outputShut = true;
            outbox.shutdownOutput();
        }
    }

    /** Pairs this connection with the one {@code thread} serves (see {@link #peer}). */
    final void pairWith(Thread thread) {
        peer = thread;
    }

    final Thread owner() {
        return owner;
    }

    /** The owner's last act: flush unless aborted, then close the socket (lingering if it should). */
    final void shutdownOnOwner() {
        boolean graceful = state != State.CLOSED;
        if (graceful) {
            outbox.flush();
        }
        closeNow(graceful && state != State.CLOSED);
    }

    @Override
    public final void close(CloseReason cause, String reason) {
        reason(cause, reason);
        lock.lock();
        try {
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSING;
            readable.signalAll(); // a paused owner wakes, flushes and closes
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() != owner) {
            // the owner's blocked read returns end-of-stream; it then flushes and closes
            try {
                channel.shutdownInput();
            } catch (ClosedChannelException e) {
                // closed meanwhile: the owner is finishing already
            } catch (IOException e) {
                abort(cause, reason);
            }
        }
        // on the owner, the read loop sees CLOSING after this callback and flushes on its way out
    }

    @Override
    public final void abort(CloseReason cause, String reason) {
        reason(cause, reason);
        closeNow(false);
    }

    /**
     * Drops the outbox and closes the socket, then the dropped files.
     *
     * @param graceful a close whose output was all sent: the socket may linger ({@link #closeSocket})
     */
    private void closeNow(boolean graceful) {
        List<FileRegion> files;
        lock.lock();
        try {
            state = State.CLOSED;
            files = outbox.drop();
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        // the socket first: that ends a transfer in progress, so closing its file does not wait for it
        closeSocket(graceful, unreadInput());
        files.forEach(FileRegion::close);
    }

    @Override
    public final boolean isOpen() {
        return state == State.OPEN;
    }

    /** A read or write failed: the client is gone or the socket was closed under us. */
    final void failed(String op, IOException e) {
        if (state == State.CLOSED) {
            return;
        }
        String msg = e instanceof ClosedChannelException ? "socket closed" : String.valueOf(e.getMessage());
        abort(op.equals("read") ? CloseReason.READ_ERROR : CloseReason.WRITE_ERROR, op + " failed: " + msg);
    }

    // The outbox's output accounting: AbstractConnection keeps it protected, so it passes through here.

    /** {@code bytes} went out and output is still pending: counts them and restarts the stall clock. */
    final void progressed(long bytes) {
        sent(bytes);
        outputPending(true);
    }

    final void pending(boolean pending) {
        outputPending(pending);
    }

    final void queued() {
        outputQueued();
    }

    /** True (and the connection aborted) when {@code queuedBytes} passes {@code max_outbox}. */
    final boolean overLimit(long queuedBytes) {
        return overOutbox(queuedBytes);
    }
}
