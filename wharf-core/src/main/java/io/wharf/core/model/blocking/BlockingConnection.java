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
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * <p>Writes: the owner writes inline, after first flushing anything queued, so it blocks on a slow client
 * (the nature of these models). Any other thread's write is copied into the outbox and sent by a drainer
 * virtual thread, started lazily, one at a time, so a fan-out writer never blocks on a slow client. Every
 * socket write, by the owner or the drainer, happens under {@code writeLock}, and the outbox is only
 * taken from while holding it, so bytes leave in call order. Outbox bytes, including the buffer being
 * written, are checked against {@code max_outbox}; the stall clock feeds the reaper's {@code write_timeout}.
 *
 * <p>Files ({@link #sendFile}) take the same paths as writes: the owner sends them inline with
 * {@code transferTo} ({@link BlockingTransfer}), other threads queue them as regions behind the buffers
 * before them. A region costs no memory and does not count against {@code max_outbox}; it is closed once
 * sent or when the connection closes.
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
    /** {@link ByteBuffer}s and {@link FileRegion}s, in write order. */
    private final ArrayDeque<Object> outbox = new ArrayDeque<>();
    /** Bytes of the buffers in the outbox (file regions excluded). */
    private long outboxBytes;
    private final BlockingTransfer transfer;
    private boolean drainerRunning;
    private volatile State state = State.OPEN;
    private volatile Thread owner;

    /** Wraps an accepted blocking socket whose {@code max_connections} slot is already reserved. */
    BlockingConnection(ServerContext context, SocketChannel channel) throws IOException {
        super(context, channel, context.handlerFactory().newHandler());
        this.transfer = new BlockingTransfer(channel);
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
        List<FileRegion> files;
        lock.lock();
        try {
            state = State.CLOSED;
            files = dropOutbox();
        } finally {
            lock.unlock();
        }
        closeQuietly(channel);
        files.forEach(FileRegion::close);
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
            sendInline(data);
        } else {
            int n = data.remaining();
            enqueue(ByteBuffer.allocate(n).put(data).flip(), n);
        }
    }

    @Override
    public void sendFile(FileChannel file, long position, long count) {
        FileRegion region = new FileRegion(file, position, count);
        if (state != State.OPEN || region.done()) {
            region.close();
        } else if (Thread.currentThread() == owner) {
            sendInline(region);
        } else {
            enqueue(region, 0);
        }
    }

    /** The owner sends a buffer or a file region at once, after what is queued; it blocks until done. */
    private void sendInline(Object item) {
        writeLock.lock();
        try {
            flushOutbox();
            outputPending(true);
            send(item);
            lock.lock();
            try {
                if (outbox.isEmpty()) {
                    outputPending(false);
                }
            } finally {
                lock.unlock();
            }
        } catch (IOException e) {
            failed("write", e);
        } finally {
            writeLock.unlock();
            if (item instanceof ByteBuffer data) {
                data.position(data.limit());
            } else {
                ((FileRegion) item).close();
            }
        }
    }

    /** Queues a buffer copy or a file region for the drainer; {@code bytes} count toward {@code max_outbox}. */
    private void enqueue(Object item, long bytes) {
        long queued;
        boolean startDrainer;
        lock.lock();
        try {
            if (state != State.OPEN) {
                if (item instanceof FileRegion region) {
                    region.close();
                }
                return;
            }
            outbox.add(item);
            outboxBytes += bytes;
            queued = outboxBytes;
            outputQueued();
            startDrainer = !drainerRunning;
            drainerRunning = true;
        } finally {
            lock.unlock();
        }
        if (bytes > 0 && overOutbox(queued)) {
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
     * Sends the outbox in order: runs of small buffers coalesced into gathering writes of up to one chunk,
     * file regions with {@code transferTo}. Caller holds {@code writeLock}; items leave the outbox only once
     * sent, so buffers count against {@code max_outbox} while in flight and an abort closes a region being
     * sent.
     */
    private void flushOutbox() throws IOException {
        ByteBuffer[] batch = null;
        for (;;) {
            Object head;
            int count = 0;
            long bytes = 0;
            lock.lock();
            try {
                head = outbox.peek();
                if (head == null) {
                    outputPending(false);
                    return;
                }
                if (head instanceof ByteBuffer) {
                    if (batch == null) {
                        batch = new ByteBuffer[MAX_BATCH];
                    }
                    for (Object item : outbox) {
                        if (!(item instanceof ByteBuffer b) || count == MAX_BATCH
                                || (count > 0 && bytes + b.remaining() > WRITE_CHUNK)) {
                            break;
                        }
                        batch[count++] = b;
                        bytes += b.remaining();
                    }
                }
            } finally {
                lock.unlock();
            }
            if (head instanceof FileRegion region) {
                transferFully(region);
                count = 1;
            } else if (count == 1) {
                writeFully(batch[0]);
            } else {
                writeBatch(batch, count);
            }
            lock.lock();
            try {
                // an abort empties the whole outbox; otherwise what was sent is still at its head
                if (outbox.peek() == head) {
                    for (int i = 0; i < count; i++) {
                        outbox.poll();
                    }
                    outboxBytes -= bytes;
                }
            } finally {
                lock.unlock();
            }
            if (head instanceof FileRegion region) {
                region.close();
            }
        }
    }

    /** Sends a file region, step by step, each step counted as progress. Caller holds {@code writeLock}. */
    private void transferFully(FileRegion region) throws IOException {
        while (!region.done()) {
            sent(transfer.step(region, WRITE_CHUNK));
            outputPending(true);
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

    /** Caller holds {@code writeLock}. */
    private void send(Object item) throws IOException {
        if (item instanceof ByteBuffer data) {
            writeFully(data);
        } else {
            transferFully((FileRegion) item);
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
        List<FileRegion> files;
        lock.lock();
        try {
            state = State.CLOSED;
            files = dropOutbox();
        } finally {
            lock.unlock();
        }
        // the socket first: that ends a transfer in progress, so closing its file does not wait for it
        closeQuietly(channel);
        files.forEach(FileRegion::close);
    }

    /** Empties the outbox; returns its files for the caller to close once it has released {@code lock}. */
    private List<FileRegion> dropOutbox() {
        List<FileRegion> files = List.of();
        for (Object item; (item = outbox.poll()) != null; ) {
            if (item instanceof FileRegion region) {
                if (files.isEmpty()) {
                    files = new ArrayList<>();
                }
                files.add(region);
            }
        }
        outboxBytes = 0;
        outputPending(false);
        return files;
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
