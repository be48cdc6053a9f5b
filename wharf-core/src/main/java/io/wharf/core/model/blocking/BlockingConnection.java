package io.wharf.core.model.blocking;

import io.wharf.core.AbstractConnection;
import io.wharf.core.FileRegion;
import io.wharf.core.ServerContext;
import io.wharf.core.Watermarks;
import io.wharf.core.spi.CloseReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.locks.Condition;
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
 * <p>Back-pressure: the owner reads only while nothing holds reading back: the handler's
 * {@link #pauseReading}, or the outbox over its high watermark (foreign writes queue there; the owner's
 * own writes block, which pushes back by itself). Held back, the owner waits on {@code readable}, a
 * {@link Condition} of {@code lock}; {@link #resumeReading}, the outbox draining below the low watermark,
 * and any close signal it. Input the handler left in the owner's buffer stays there and is handed over
 * again first. The owner reports each change of writability it sees to the handler, before the next
 * {@code onData}.
 *
 * <p>Tasks ({@link #execute}): the owner may be blocked in a read that only the client can end, so a task runs on
 * a virtual thread of its own. {@code turn} serialises it with the handler's callbacks: the owner holds it
 * except while it waits (in a read, or for reading to be allowed), and a task's thread holds it while it runs.
 * A task whose writes leave the connection unwritable has its thread report that change and, once the output
 * drains, the next, since the owner may not hear of them until the client sends again.
 *
 * <p>Threading: every public method is safe from any thread. {@code lock} guards the state transitions
 * and is only held briefly; the outbox shares it, so a write is queued only while the connection is open.
 * It is a {@link ReentrantLock} because owners may be virtual threads. Lock order: {@code turn}, then the
 * outbox's {@code writeLock}, then {@code lock}, never the reverse.
 */
final class BlockingConnection extends AbstractConnection {

    private static final Logger log = LoggerFactory.getLogger(BlockingConnection.class);
    private static final int READ_BUFFER = 16 * 1024;

    private enum State { OPEN, CLOSING, CLOSED }

    private final ReentrantLock lock = new ReentrantLock();
    /** Held by whoever runs a handler callback: the owner, but for its waits, or a task's thread. */
    private final ReentrantLock turn = new ReentrantLock();
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** A virtual thread is running (or about to run) the queued tasks. */
    private final java.util.concurrent.atomic.AtomicBoolean taskRunner = new java.util.concurrent.atomic.AtomicBoolean();
    /** Signalled when reading may go on: resumed, writable again, or closing. */
    private final Condition readable = lock.newCondition();
    private final BlockingOutbox outbox;
    private volatile State state = State.OPEN;
    private volatile Thread owner;
    /**
     * The thread serving the connection this one is paired with by {@link #connect}: it writes inline too, so
     * a proxy's two threads push back on each other with blocking writes. Null when unpaired.
     */
    private volatile Thread peer;
    /** {@link #shutdownOutput} was asked: writes are dropped from then on. */
    private volatile boolean outputShut;
    /** Written under {@code lock}: the handler paused reading; volatile for the owner's lock-free check. */
    private volatile boolean paused;
    /** Written under {@code lock} by the outbox; volatile so any thread may read it. */
    private volatile boolean writable = true;
    /** Times the outbox passed the high watermark; written under {@code lock}. */
    private volatile long unwritableSpells;
    /** In the handler's turn: the writability the handler was last told of. */
    private boolean reported = true;
    /** Owner only: the read loop ended with input the handler left in its buffer. */
    private boolean unreadInput;

    /** Wraps an accepted blocking socket whose {@code max_connections} slot is already reserved. */
    BlockingConnection(ServerContext context, SocketChannel channel) throws IOException {
        this(context, channel, context.handlerFactory().newHandler());
    }

    /** Wraps a connected socket, served by {@code handler} (an outbound connection's). */
    BlockingConnection(ServerContext context, SocketChannel channel, io.wharf.core.spi.Handler handler)
            throws IOException {
        super(context, channel, handler);
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
        turn.lock();
        try {
            handler().onOpen(this);
            readLoop();
        } catch (RuntimeException e) {
            handlerFailed(e);
        } finally {
            try {
                shutdownOnOwner();
                finish();
            } finally {
                turn.unlock();
            }
        }
    }

    private void readLoop() {
        // empty to start with; between reads it holds what the handler left while reading was held back
        ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER).limit(0);
        try {
            readUntilClosed(buffer);
        } finally {
            unreadInput = buffer.hasRemaining();
        }
    }

    private void readUntilClosed(ByteBuffer buffer) {
        while (state == State.OPEN) {
            if (!awaitReadable()) {
                return;
            }
            if (!buffer.hasRemaining()) {
                buffer.clear();
                int n;
                try {
                    n = read(buffer);
                } catch (IOException e) {
                    failed("read", e);
                    return;
                }
                if (n < 0) {
                    reason(CloseReason.CLIENT_CLOSED, "client closed");
                    handler().onInputEnded(this); // its last words are flushed on the way out
                    if (!handler().closeOnInputEnded()) {
                        awaitClose(); // half-closed: the handler closes it once it is done writing
                    }
                    return;
                }
                received(n);
                buffer.flip();
                reportWritability();
            }
            handler().onData(this, buffer);
            if (buffer.hasRemaining() && !readBlocked()) {
                buffer.position(buffer.limit()); // left while reading was on: dropped, as with any onData
            }
        }
    }

    /** Reads outside the handler's turn, so that a task from another thread may run while the client is quiet. */
    private int read(ByteBuffer buffer) throws IOException {
        turn.unlock();
        try {
            return channel.read(buffer);
        } finally {
            turn.lock();
        }
    }

    private boolean readBlocked() {
        return paused || !writable;
    }

    /**
     * Waits while reading is held back, telling the handler of each change of writability on the way;
     * false if the connection stopped being open meanwhile.
     */
    private boolean awaitReadable() {
        if (!paused && writable && reported && state == State.OPEN) {
            return true; // the common case, without the lock
        }
        for (;;) {
            reportWritability();
            boolean wait;
            lock.lock();
            try {
                if (state != State.OPEN) {
                    return false;
                }
                if (!paused && writable) {
                    return true;
                }
                wait = writable == reported;
            } finally {
                lock.unlock();
            }
            if (wait && !awaitSignal(() -> state == State.OPEN && (paused || !writable) && writable == reported)) {
                return false;
            }
        }
    }

    /**
     * Called in the handler's turn: waits on {@code readable} while {@code still} holds (checked under
     * {@code lock}), with the turn let go so that a task, or the owner, may run meanwhile; false (and aborted) if
     * the thread was interrupted.
     */
    private boolean awaitSignal(java.util.function.BooleanSupplier still) {
        turn.unlock();
        try {
            lock.lock();
            try {
                if (still.getAsBoolean()) {
                    readable.await();
                }
            } finally {
                lock.unlock();
            }
            return true;
        } catch (InterruptedException e) {
            // the engine is stopping its threads
            Thread.currentThread().interrupt();
            abort(CloseReason.SERVER_STOPPING, "interrupted");
            return false;
        } finally {
            turn.lock();
        }
    }

    /** Owner only: waits until the connection is closing, for a handler that keeps a half-close open. */
    private void awaitClose() {
        while (state == State.OPEN && awaitSignal(() -> state == State.OPEN)) {
            // woken: a close, or a signal meant for reading
        }
    }

    /** In the handler's turn (the owner, or a task's thread): tells the handler if writability changed since it last heard. */
    private void reportWritability() {
        boolean w = writable;
        if (w != reported && state == State.OPEN) {
            reported = w;
            notifyWritability(w);
        }
    }

    /** The outbox crossed a watermark; {@code lock} is held. */
    void writability(boolean nowWritable) {
        writable = nowWritable;
        if (!nowWritable) {
            unwritableSpells++;
        }
        writabilityFlipped(nowWritable);
        if (nowWritable) {
            readable.signalAll();
        }
    }

    boolean isWritable() {
        return writable;
    }

    Watermarks writeBuffer() {
        return watermarks();
    }

    @Override
    public boolean writable() {
        return writable;
    }

    /** Owner only, as the SPI says; takes effect before the owner's next read. */
    @Override
    public void pauseReading() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void resumeReading() {
        lock.lock();
        try {
            paused = false;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The owner's last act: flush unless aborted, then close the socket (lingering if it should). */
    private void shutdownOnOwner() {
        boolean graceful = state != State.CLOSED;
        if (graceful) {
            outbox.flush();
        }
        closeNow(graceful && state != State.CLOSED);
    }

    @Override
    public void write(ByteBuffer data) {
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
    public void shutdownOutput() {
        if (state == State.OPEN && !outputShut) {
            outputShut = true;
            outbox.shutdownOutput();
        }
    }

    /**
     * Connects on a new virtual thread, which then serves the outbound connection; this connection's owner
     * and that thread become each other's {@link #peer}.
     */
    @Override
    public void connect(java.net.InetSocketAddress address, java.time.Duration timeout,
                        io.wharf.core.spi.Handler handler, java.util.function.Consumer<String> failed) {
        BlockingConnector.start(context.outbound(), address, timeout, handler, failed, this);
    }

    /** Pairs this connection with the one {@code thread} serves (see {@link #peer}). */
    void pairWith(Thread thread) {
        peer = thread;
    }

    Thread owner() {
        return owner;
    }

    @Override
    public void close(CloseReason cause, String reason) {
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
    public void abort(CloseReason cause, String reason) {
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
        closeSocket(graceful, unreadInput);
        files.forEach(FileRegion::close);
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** Queues {@code task} for a virtual thread that runs it, and any queued behind it, in the handler's turn. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (taskRunner.compareAndSet(false, true)) {
            Thread.ofVirtual().name("wharf-conn#" + id() + "-task").start(this::runTasks);
        }
    }

    private void runTasks() {
        turn.lock();
        try {
            do {
                for (Runnable t; (t = tasks.poll()) != null; ) {
                    if (state == State.CLOSED || finished()) {
                        continue; // the connection is gone, and with it the handler's need
                    }
                    long spells = unwritableSpells;
                    try {
                        t.run();
                    } catch (RuntimeException e) {
                        handlerFailed(e);
                    }
                    awaitDrainAfterTask(spells);
                }
                taskRunner.set(false);
                // a task queued after the last poll but before the flag fell is still this thread's to run
            } while (!tasks.isEmpty() && taskRunner.compareAndSet(false, true));
        } finally {
            turn.unlock();
        }
    }

    /**
     * A task's writes (queued, as any other thread's) left the connection unwritable: the owner, which may sit in
     * a read, would hear of it only with the client's next bytes, and a handler that stopped producing would
     * wait for ever. So this thread tells the handler, waits for the output to drain, and tells it again, in
     * the handler's turn, as the owner would.
     */
    private void awaitDrainAfterTask(long spellsBefore) {
        long seen = spellsBefore;
        while (state == State.OPEN && (!writable || unwritableSpells != seen)) {
            seen = unwritableSpells;
            if (reported) {
                // it was unwritable at some point, which the handler may have stopped on, drained or not
                reported = false;
                notifyWritability(false);
            }
            while (!writable && state == State.OPEN) {
                if (!awaitSignal(() -> !writable && state == State.OPEN)) {
                    return;
                }
            }
            reportWritability(); // the handler may write on, and leave it unwritable again
        }
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
        abort(op.equals("read") ? CloseReason.READ_ERROR : CloseReason.WRITE_ERROR, op + " failed: " + msg);
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
