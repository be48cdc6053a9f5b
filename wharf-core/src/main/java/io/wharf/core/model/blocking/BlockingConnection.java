package io.wharf.core.model.blocking;

import io.wharf.core.ServerContext;
import io.wharf.core.spi.CloseReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A connection served with plain blocking I/O by one thread, its <em>owner</em>: the thread that calls
 * {@link #serve()} reads into a reused buffer, runs every handler callback, and writes inline with
 * blocking writes. The {@code iterative}, {@code thread}, {@code virtual} and {@code pool} models differ
 * only in which thread that is. This class is the reading and the handler's side; writes, files and
 * closing are its {@link BlockingOutput} layer, the bytes themselves in {@link BlockingOutbox}.
 *
 * <p>Back-pressure: the owner reads only while nothing holds reading back: the handler's
 * {@link #pauseReading}, or the outbox over its high watermark (foreign writes queue there; the owner's
 * own writes block, which pushes back by itself). Held back, the owner waits on {@code readable}, a
 * {@link java.util.concurrent.locks.Condition} of {@code lock}; {@link #resumeReading}, the outbox draining
 * below the low watermark, and any close signal it. Input the handler left in the owner's buffer stays there
 * and is handed over again first. The owner reports each change of writability it sees to the handler,
 * before the next {@code onData}.
 *
 * <p>Tasks ({@link #execute}) run on a thread of their own ({@link HandlerTasks}). {@code turn} serialises
 * them with the handler's callbacks: the owner holds it except while it waits (in a read, or for reading to
 * be allowed), and a task's thread holds it while it runs. A task whose writes leave the connection
 * unwritable has its thread report that change and, once the output drains, the next, since the owner may
 * not hear of them until the client sends again.
 *
 * <p>Threading: every public method is safe from any thread. {@code reported} is touched only in the
 * handler's turn, {@code unreadInput} only by the owner. Lock order: {@code turn}, then the outbox's
 * {@code writeLock}, then {@code lock}, never the reverse.
 */
final class BlockingConnection extends BlockingOutput {

    private static final Logger log = LoggerFactory.getLogger(BlockingConnection.class);
    private static final int READ_BUFFER = 16 * 1024;

    /** Held by whoever runs a handler callback: the owner, but for its waits, or a task's thread. */
    private final ReentrantLock turn = new ReentrantLock();
    private final HandlerTasks tasks = new HandlerTasks(this, turn);
    /** Written under {@code lock}: the handler paused reading; volatile for the owner's lock-free check. */
    private volatile boolean paused;
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
            AcceptLoop.close(channel);
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

    /**
     * Connects on a new virtual thread, which then serves the outbound connection; this connection's owner
     * and that thread become each other's {@code peer}.
     */
    @Override
    public void connect(java.net.InetSocketAddress address, java.time.Duration timeout,
                        io.wharf.core.spi.Handler handler, java.util.function.Consumer<String> failed) {
        BlockingConnector.start(context.outbound(), address, timeout, handler, failed, this);
    }

    /** Queues {@code task} for a virtual thread that runs it, and any queued behind it, in the handler's turn. */
    @Override
    public void execute(Runnable task) {
        tasks.execute(task);
    }

    /** On the tasks' thread, in the handler's turn: runs {@code task} unless the connection is gone. */
    void runTask(Runnable task) {
        if (state == State.CLOSED || finished()) {
            return; // the connection is gone, and with it the handler's need
        }
        long spells = unwritableSpells;
        try {
            task.run();
        } catch (RuntimeException e) {
            handlerFailed(e);
        }
        awaitDrainAfterTask(spells);
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

    @Override
    boolean unreadInput() {
        return unreadInput;
    }
}
