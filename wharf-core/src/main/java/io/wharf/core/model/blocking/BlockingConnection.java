package io.wharf.core.model.blocking;

import io.wharf.core.AbstractConnection;
import io.wharf.core.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A connection served with plain blocking I/O by one thread, its <em>owner</em>: the thread that calls
 * {@link #serve()} reads into a reused buffer, runs every handler callback, and writes inline with
 * blocking writes. The {@code iterative}, {@code thread}, {@code virtual} and {@code pool} models differ
 * only in which thread that is.
 *
 * <p>Writes: the owner writes inline, after first flushing anything queued, so it blocks on a slow client
 * (the nature of these models). Any other thread's write is copied into the outbox and sent by a drainer
 * virtual thread, started lazily, one at a time, so a fan-out writer never blocks on a slow client. Every
 * socket write, by the owner or the drainer, happens under {@code writeLock}, and the outbox is only
 * taken from while holding it, so bytes leave in call order. Outbox bytes, including the buffer being
 * written, are checked against {@code max_outbox}; the stall clock feeds the reaper's {@code write_timeout}.
 *
 * <p>Closing: {@link #abort} closes the socket at once, which makes a blocked read or write on the owner
 * throw. {@link #close(String)} from another thread shuts the input down, so the owner's blocked read
 * returns end-of-stream; either way the owner leaves its loop, flushes what is left (unless aborted),
 * closes the socket and calls {@link #finish()}, once.
 *
 * <p>Threading: every public method is safe from any thread. {@code lock} guards the outbox and the
 * state transitions and is only held briefly; {@code writeLock} is held across socket writes. Both are
 * {@link ReentrantLock}s because owners and drainers may be virtual threads. Lock order: {@code writeLock}
 * before {@code lock}, never the reverse.
 */
final class BlockingConnection extends AbstractConnection {

    private static final Logger log = LoggerFactory.getLogger(BlockingConnection.class);
    private static final int READ_BUFFER = 16 * 1024;
    /** Blocking writes are cut into chunks this big so the stall clock sees progress on large writes. */
    private static final int WRITE_CHUNK = 64 * 1024;
    /** Most buffers coalesced into one gathering write (IOV_MAX is 1024 on Linux). */
    private static final int MAX_BATCH = 256;

    private enum State { OPEN, CLOSING, CLOSED }

    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ArrayDeque<ByteBuffer> outbox = new ArrayDeque<>();
    private long outboxBytes;
    private boolean drainerRunning;
    private volatile State state = State.OPEN;
    private volatile Thread owner;

    /** Wraps an accepted blocking socket whose {@code max_connections} slot is already reserved. */
    BlockingConnection(ServerContext context, SocketChannel channel) throws IOException {
        super(context, channel, context.handlerFactory().newHandler());
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
            writeLock.lock();
            try {
                flushOutbox();
            } catch (IOException e) {
                failed("write", e);
            } finally {
                writeLock.unlock();
            }
        }
        lock.lock();
        try {
            state = State.CLOSED;
            dropOutbox();
        } finally {
            lock.unlock();
        }
        closeQuietly(channel);
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
            writeInline(data);
        } else {
            enqueue(data);
        }
    }

    private void writeInline(ByteBuffer data) {
        writeLock.lock();
        try {
            flushOutbox();
            outputPending(true);
            writeFully(data);
            lock.lock();
            try {
                if (outbox.isEmpty()) {
                    outputPending(false);
                }
            } finally {
                lock.unlock();
            }
        } catch (IOException e) {
            data.position(data.limit());
            failed("write", e);
        } finally {
            writeLock.unlock();
        }
    }

    private void enqueue(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
        long queued;
        boolean startDrainer;
        lock.lock();
        try {
            if (state != State.OPEN) {
                return;
            }
            outbox.add(copy);
            outboxBytes += copy.remaining();
            queued = outboxBytes;
            outputQueued();
            startDrainer = !drainerRunning;
            drainerRunning = true;
        } finally {
            lock.unlock();
        }
        if (overOutbox(queued)) {
            return;
        }
        if (startDrainer) {
            Thread.ofVirtual().name("wharf-drain-" + id()).start(this::drain);
        }
    }

    /** The drainer: sends the outbox until it is empty, then ends; a later foreign write starts another. */
    private void drain() {
        boolean handedOff = false;
        try {
            while (!handedOff) {
                writeLock.lock();
                try {
                    flushOutbox();
                } finally {
                    writeLock.unlock();
                }
                // seen empty under the same lock a writer checks, so no write is left without a drainer
                lock.lock();
                try {
                    if (outbox.isEmpty() || state == State.CLOSED) {
                        drainerRunning = false;
                        handedOff = true;
                    }
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            failed("write", e);
        } finally {
            if (!handedOff) {
                lock.lock();
                try {
                    drainerRunning = false;
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /**
     * Sends the outbox in order, coalescing small buffers into gathering writes of up to one chunk. Caller
     * holds {@code writeLock}; buffers leave the outbox only once written, so they count against
     * {@code max_outbox} while in flight.
     */
    private void flushOutbox() throws IOException {
        ByteBuffer[] batch = new ByteBuffer[MAX_BATCH];
        for (;;) {
            int count = 0;
            long bytes = 0;
            lock.lock();
            try {
                for (ByteBuffer b : outbox) {
                    if (count == MAX_BATCH || (count > 0 && bytes + b.remaining() > WRITE_CHUNK)) {
                        break;
                    }
                    batch[count++] = b;
                    bytes += b.remaining();
                }
                if (count == 0) {
                    outputPending(false);
                    return;
                }
            } finally {
                lock.unlock();
            }
            if (count == 1) {
                writeFully(batch[0]);
            } else {
                writeBatch(batch, count);
            }
            lock.lock();
            try {
                // an abort empties the whole outbox; otherwise the batch is still at its head
                if (outbox.peek() == batch[0]) {
                    for (int i = 0; i < count; i++) {
                        outbox.poll();
                    }
                    outboxBytes -= bytes;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** One gathering write of several small buffers, at most a chunk in all. Caller holds {@code writeLock}. */
    private void writeBatch(ByteBuffer[] batch, int count) throws IOException {
        int first = 0;
        while (first < count) {
            long n = channel.write(batch, first, count - first);
            sent(n);
            outputPending(true);
            while (first < count && !batch[first].hasRemaining()) {
                first++;
            }
        }
    }

    /** A blocking write, chunk by chunk, each chunk counted as progress. Caller holds {@code writeLock}. */
    private void writeFully(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), WRITE_CHUNK);
            ByteBuffer chunk = src.slice(src.position(), n);
            while (chunk.hasRemaining()) {
                channel.write(chunk);
            }
            src.position(src.position() + n);
            sent(n);
            outputPending(true);
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
        lock.lock();
        try {
            state = State.CLOSED;
            dropOutbox();
        } finally {
            lock.unlock();
        }
        closeQuietly(channel);
    }

    /** Caller holds {@code lock}. */
    private void dropOutbox() {
        outbox.clear();
        outboxBytes = 0;
        outputPending(false);
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
    private void failed(String op, IOException e) {
        if (state == State.CLOSED) {
            return;
        }
        String msg = e instanceof ClosedChannelException ? "socket closed" : String.valueOf(e.getMessage());
        abort(op + " failed: " + msg);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
