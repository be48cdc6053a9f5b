package io.wharf.core.model.process;

import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The client's connection as a {@code process} child sees it, in one of two forms. Relayed: bytes from the
 * client arrive on stdin, what the handler writes goes to stdout, and the parent relays both ways; closing
 * stdout is how the child closes the client's connection. Handed over: the client's socket itself, passed by
 * the parent ({@link FdPassing}); closing it closes the client's connection, and just before, the child
 * reports its byte counts to the parent on stderr ({@link #BYTES}), since the parent saw none of them.
 *
 * <p>Threading: writes are serialised by a lock and block only while the pipe to the parent is full (the
 * parent drains it into the client's outbox without waiting for the client). {@link #deadline} runs on a daemon
 * timer thread and only aborts.
 *
 * <p>Back-pressure: nothing is queued here, so the connection is always {@link #writable}; a full pipe blocks
 * the writer, and the parent's own connection holds the client back. {@link #pauseReading} stops the child's
 * read loop ({@link ConnectionChild}) before its next read of stdin, in {@link #awaitReading}, until
 * {@link #resumeReading} (from any thread) or a close wakes it.
 */
final class StdioConnection implements Connection {

    private final long id;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    /** Prefix of the stderr line with a handed-over connection's byte counts: {@code <prefix> <in> <out>}. */
    static final String BYTES = "wharf-child-bytes ";

    private final ReadableByteChannel in;
    private final WritableByteChannel out;
    /** The client's socket when it was handed over; null when relayed. */
    private final SocketChannel socket;
    private final PrintStream err;
    /** A spare's warm-up connection ({@link WarmUp}): nobody is on the other end. */
    private final boolean rehearsal;
    private final Object writeLock = new Object();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("wharf-child-timer").unstarted(r));
    private final ReentrantLock readLock = new ReentrantLock();
    private final Condition resumed = readLock.newCondition();
    private boolean paused;
    private volatile boolean open = true;
    /** Why the connection ended: the first cause given, told to the parent, which counts the close under it. */
    private final AtomicReference<CloseReason> why = new AtomicReference<>();
    private volatile boolean draining;
    private ScheduledFuture<?> deadline;
    /** The handler the child's read loop calls; replaced by {@link #upgrade}, main thread only. */
    private Handler handler;

    private StdioConnection(Assignment a, ReadableByteChannel in, WritableByteChannel out, SocketChannel socket,
                            PrintStream err, boolean rehearsal) {
        this.id = a.id();
        this.remote = a.remote();
        this.local = a.local();
        this.in = in;
        this.out = out;
        this.socket = socket;
        this.err = err;
        this.rehearsal = rehearsal;
    }

    /** A relayed connection: stdin and stdout. */
    static StdioConnection relayed(Assignment a) {
        return new StdioConnection(a, new FileInputStream(FileDescriptor.in).getChannel(),
                new FileOutputStream(FileDescriptor.out).getChannel(), null, null, false);
    }

    /** A handed-over connection: the client's socket, in blocking mode; {@code err} reaches the parent. */
    static StdioConnection handedOver(Assignment a, SocketChannel socket, PrintStream err) {
        return new StdioConnection(a, socket, socket, socket, err, false);
    }

    /** A spare's warm-up connection on {@code socket}: a {@link #rehearsal}, its byte counts reported nowhere. */
    static StdioConnection rehearsal(Assignment a, SocketChannel socket) {
        return new StdioConnection(a, socket, socket, socket, new PrintStream(OutputStream.nullOutputStream()),
                true);
    }

    @Override
    public boolean rehearsal() {
        return rehearsal;
    }

    /** Reads what the client sent next; -1 once it closed its side. On the read loop's thread only. */
    int read(ByteBuffer buffer) throws IOException {
        int n;
        try {
            n = in.read(buffer);
        } catch (IOException e) {
            ended(CloseReason.READ_ERROR);
            throw e;
        }
        if (n < 0) {
            ended(CloseReason.CLIENT_CLOSED);
        }
        return n;
    }

    private void ended(CloseReason cause) {
        why.compareAndSet(null, cause);
    }

    /** Why the connection ended (or is ending); {@code server_closed} while nothing was said. */
    CloseReason closeReason() {
        CloseReason r = why.get();
        return r == null ? CloseReason.SERVER_CLOSED : r;
    }

    /** True when the child serves the client's socket itself. */
    boolean handedOver() {
        return socket != null;
    }

    /** The handler every callback goes to now. Main thread only. */
    Handler handler() {
        return handler;
    }

    /** The first handler, before {@code onOpen}. */
    void handler(Handler first) {
        handler = first;
    }

    @Override
    public void upgrade(Handler next, ByteBuffer unconsumed) {
        Objects.requireNonNull(next, "next");
        if (!open) {
            return;
        }
        handler = next;
        next.onOpen(this);
        if (unconsumed.hasRemaining() && open) {
            next.onData(this, unconsumed);
        }
    }

    void received(int n) {
        bytesIn.addAndGet(n);
    }

    /** The parent started a graceful stop (it sent SIGTERM). */
    void drain() {
        draining = true;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void write(ByteBuffer data) {
        synchronized (writeLock) {
            if (!open) {
                data.position(data.limit());
                return;
            }
            try {
                while (data.hasRemaining()) {
                    bytesOut.addAndGet(out.write(data));
                }
            } catch (IOException e) {
                data.position(data.limit());
                ended(CloseReason.WRITE_ERROR);
                abort(); // the parent is gone or closed the relay
            }
        }
    }

    @Override
    public void pauseReading() {
        readLock.lock();
        try {
            paused = true;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void resumeReading() {
        readLock.lock();
        try {
            paused = false;
            resumed.signalAll();
        } finally {
            readLock.unlock();
        }
    }

    /** True while the handler holds reading paused. */
    boolean paused() {
        readLock.lock();
        try {
            return paused;
        } finally {
            readLock.unlock();
        }
    }

    /** The read loop's wait while paused; returns false once the connection is closed. */
    boolean awaitReading() throws InterruptedException {
        readLock.lock();
        try {
            while (paused && open) {
                resumed.await();
            }
            return open;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void cork(boolean on) {
        if (socket != null) {
            io.wharf.core.TcpCork.set(socket, on);
        }
    }

    /** Always: writes go straight to the pipe or socket, nothing is queued to pass a watermark. */
    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public void sendFile(FileChannel file, long position, long count) {
        try (file) {
            if (position < 0 || count < 0) {
                throw new IllegalArgumentException("position and count must not be negative");
            }
            synchronized (writeLock) {
                long sent = 0;
                while (open && sent < count) {
                    long n = file.transferTo(position + sent, count - sent, out); // splice into the pipe
                    if (n <= 0) {
                        abort(); // the file is shorter than promised
                        return;
                    }
                    sent += n;
                    bytesOut.addAndGet(n);
                }
            }
        } catch (IOException e) {
            abort();
        }
    }

    @Override
    public void close(CloseReason reason) {
        ended(reason);
        close();
    }

    @Override
    public void close() {
        ended(CloseReason.SERVER_CLOSED);
        synchronized (writeLock) {
            if (!open) {
                return;
            }
            open = false;
            timer.shutdownNow();
            resumeReading(); // wakes a paused read loop, which then sees the close
            if (socket != null) {
                // before the close: closing a channel inherited this way points stderr at /dev/null
                err.println(BYTES + bytesIn.get() + " " + bytesOut.get());
                err.flush();
            }
            try {
                out.close();
            } catch (IOException ignored) {
                // the parent is gone already
            }
        }
    }

    @Override
    public void abort() {
        close(CloseReason.ABORTED); // nothing is queued here: every write went straight to the pipe
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean draining() {
        return draining;
    }

    @Override
    public <T> void offload(Supplier<T> work, Consumer<T> then) {
        then.accept(work.get());
    }

    @Override
    public void deadline(Duration timeout, String reason) {
        deadline(timeout, CloseReason.TIMEOUT);
    }

    @Override
    public synchronized void deadline(Duration timeout, CloseReason reason) {
        clearDeadline();
        if (open) {
            deadline = timer.schedule(() -> close(reason), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void clearDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    @Override
    public long bytesIn() {
        return bytesIn.get();
    }

    @Override
    public long bytesOut() {
        return bytesOut.get();
    }
}
