package io.wharf.core.model.process;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The client's connection as a {@code process} child sees it: bytes from the client arrive on stdin, what the
 * handler writes goes to stdout, and the parent relays both ways. Closing stdout is how the child closes the
 * client's connection.
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
    private final FileChannel out = new FileOutputStream(FileDescriptor.out).getChannel();
    private final Object writeLock = new Object();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("wharf-child-timer").unstarted(r));
    private final ReentrantLock readLock = new ReentrantLock();
    private final Condition resumed = readLock.newCondition();
    private boolean paused;
    private volatile boolean open = true;
    private volatile boolean draining;
    private ScheduledFuture<?> deadline;
    /** The handler the child's read loop calls; replaced by {@link #upgrade}, main thread only. */
    private Handler handler;

    StdioConnection(long id, InetSocketAddress remote, InetSocketAddress local) {
        this.id = id;
        this.remote = remote;
        this.local = local;
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

    /** Always: writes go straight to the pipe, nothing is queued to pass a watermark. */
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
    public void close() {
        synchronized (writeLock) {
            if (!open) {
                return;
            }
            open = false;
            timer.shutdownNow();
            resumeReading(); // wakes a paused read loop, which then sees the close
            try {
                out.close();
            } catch (IOException ignored) {
                // the parent is gone already
            }
        }
    }

    @Override
    public void abort() {
        close(); // nothing is queued here: every write went straight to the pipe
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
    public synchronized void deadline(Duration timeout, String reason) {
        clearDeadline();
        if (open) {
            deadline = timer.schedule(this::abort, timeout.toMillis(), TimeUnit.MILLISECONDS);
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
