package io.wharf.core.model.blocking;

import io.wharf.core.AbstractConnection;
import io.wharf.core.FileRegion;
import io.wharf.core.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A connection served with plain blocking I/O by one thread, its <em>owner</em>: the thread that calls
 * {@link #serve()} reads into a reused buffer, runs every handler callback, and writes inline with
 * blocking writes. The {@code iterative}, {@code thread}, {@code virtual} and {@code pool} models differ
 * only in which thread that is.
 *
 * <p>Writes and files ({@link #sendFile}): the owner's go out inline, anyone else's are queued for a
 * drainer thread; {@link BlockingOutbox} does both, in call order, and keeps the output accounting.
 *
 * <p>Closing: {@link #abort} closes the socket at once, which makes a blocked read or write on the owner
 * throw. {@link #close(String)} from another thread shuts the input down, so the owner's blocked read
 * returns end-of-stream; either way the owner leaves its loop, flushes what is left (unless aborted),
 * closes the socket and calls {@link #finish()}, once.
 *
 * <p>Threading: every public method is safe from any thread. {@code lock} guards the state transitions
 * and is only held briefly; the outbox shares it, so a write is queued only while the connection is open.
 * It is a {@link ReentrantLock} because owners may be virtual threads. Lock order: the outbox's
 * {@code writeLock} before {@code lock}, never the reverse.
 */
final class BlockingConnection extends AbstractConnection {

    private static final Logger log = LoggerFactory.getLogger(BlockingConnection.class);
    private static final int READ_BUFFER = 16 * 1024;

    private enum State { OPEN, CLOSING, CLOSED }

    private final ReentrantLock lock = new ReentrantLock();
    private final BlockingOutbox outbox;
    private volatile State state = State.OPEN;
    private volatile Thread owner;

    /** Wraps an accepted blocking socket whose {@code max_connections} slot is already reserved. */
    BlockingConnection(ServerContext context, SocketChannel channel) throws IOException {
        super(context, channel, context.handlerFactory().newHandler());
        this.outbox = new BlockingOutbox(this, channel, lock);
    }

    /**
     * Serves an accepted socket on the calling thread until it closes. Owns the socket and its reserved
     * slot: if the connection cannot even be created, the slot is released and the socket closed.
     */
    static void serveReserved(ServerContext context, SocketChannel channel) {
        BlockingConnection connection = create(context, channel);
        if (connection != null) {
            connection.serve();
        }
    }

    /** Creates the connection for a reserved socket, or releases the slot and returns null. */
    static BlockingConnection create(ServerContext context, SocketChannel channel) {
        try {
            return new BlockingConnection(context, channel);
        } catch (IOException | RuntimeException e) {
            if (e instanceof RuntimeException) {
                context.stats().error();
                log.warn("cannot create a handler: {}", e.toString(), e);
            }
            context.connections().release();
            closeQuietly(channel);
            return null;
        }
    }

    /**
     * Runs the connection on the calling thread, which becomes its owner: registers it, calls the handler
     * until the connection ends, then finishes it. Returns once the socket is closed.
     */
    void serve() {
        owner = Thread.currentThread();
        opened();
        try {
            handler.onOpen(this);
            readLoop();
        } catch (RuntimeException e) {
            handlerFailed(e);
        } finally {
            shutdownOnOwner();
            finish();
        }
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER);
        while (state == State.OPEN) {
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                failed("read", e);
                return;
            }
            if (n < 0) {
                reason("client closed");
                return;
            }
            received(n);
            buffer.flip();
            handler.onData(this, buffer);
        }
    }

    /** The owner's last act: flush unless aborted, then close the socket. */
    private void shutdownOnOwner() {
        if (state != State.CLOSED) {
            outbox.flush();
        }
        closeNow();
    }

    @Override
    public void write(ByteBuffer data) {
        if (!data.hasRemaining()) {
            return;
        }
        if (state != State.OPEN) {
            data.position(data.limit());
            return;
        }
        if (Thread.currentThread() == owner) {
            outbox.writeInline(data);
        } else {
            outbox.enqueue(data);
        }
    }

    @Override
    public void sendFile(FileChannel file, long position, long count) {
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
    public void close(String reason) {
        reason(reason);
        lock.lock();
        try {
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSING;
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
                abort(reason);
            }
        }
        // on the owner, the read loop sees CLOSING after this callback and flushes on its way out
    }

    @Override
    public void abort(String reason) {
        reason(reason);
        closeNow();
    }

    /** Drops the outbox and closes the socket, then the dropped files. */
    private void closeNow() {
        List<FileRegion> files;
        lock.lock();
        try {
            state = State.CLOSED;
            files = outbox.drop();
        } finally {
            lock.unlock();
        }
        // the socket first: that ends a transfer in progress, so closing its file does not wait for it
        closeQuietly(channel);
        files.forEach(FileRegion::close);
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** No worker pool here: both steps run inline on the calling (owner) thread. */
    @Override
    public <T> void offload(Supplier<T> work, Consumer<T> then) {
        then.accept(work.get());
    }

    /** A read or write failed: the client is gone or the socket was closed under us. */
    void failed(String op, IOException e) {
        if (state == State.CLOSED) {
            return;
        }
        String msg = e instanceof ClosedChannelException ? "socket closed" : String.valueOf(e.getMessage());
        abort(op + " failed: " + msg);
    }

    // The outbox's output accounting: AbstractConnection keeps it protected, so it passes through here.

    /** {@code bytes} went out and output is still pending: counts them and restarts the stall clock. */
    void progressed(long bytes) {
        sent(bytes);
        outputPending(true);
    }

    void pending(boolean pending) {
        outputPending(pending);
    }

    void queued() {
        outputQueued();
    }

    /** True (and the connection aborted) when {@code queuedBytes} passes {@code max_outbox}. */
    boolean overLimit(long queuedBytes) {
        return overOutbox(queuedBytes);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
