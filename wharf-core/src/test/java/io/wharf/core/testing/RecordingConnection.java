package io.wharf.core.testing;

import io.wharf.core.spi.Connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A fake {@link Connection} for handler unit tests: records what the handler writes and how it closes,
 * runs offloaded work inline and {@linkplain #execute executed} tasks when the test says. Like the real thing, it drops writes once closed. A {@link #sendFile} is read
 * at once and recorded as if written, and its channel closed, so tests assert on one output either way.
 *
 * <p>Back-pressure is the test's to drive: {@link #unwritableAbove} makes writes turn the connection
 * unwritable once the output since the last {@link #drained} passes a mark, as a real outbox would; the test
 * then plays the transport (calls {@code onWritabilityChanged} and hands the left input over again).
 * {@link #paused} tells whether the handler holds reading paused.
 *
 * <p>Threading: not thread-safe; use it from the test thread.
 */
public final class RecordingConnection implements Connection {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private boolean open = true;
    private boolean closed;
    private boolean aborted;
    private boolean draining;
    private long bytesOut;
    private boolean paused;
    private int resumes;
    private boolean writable = true;
    private long highWatermark = Long.MAX_VALUE;
    private long pending;

    @Override
    public long id() {
        return 1;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 7);
    }

    @Override
    public void write(ByteBuffer data) {
        int n = data.remaining();
        if (!open) {
            data.position(data.limit());
            return;
        }
        byte[] bytes = new byte[n];
        data.get(bytes);
        written.writeBytes(bytes);
        bytesOut += n;
        pending += n;
        if (pending > highWatermark) {
            writable = false;
        }
    }

    @Override
    public void pauseReading() {
        paused = true;
    }

    @Override
    public void resumeReading() {
        paused = false;
        resumes++;
    }

    @Override
    public boolean writable() {
        return writable;
    }

    /** Writes make the connection unwritable once the output since the last {@link #drained} passes this. */
    public RecordingConnection unwritableAbove(long bytes) {
        highWatermark = bytes;
        return this;
    }

    public void writable(boolean w) {
        writable = w;
    }

    /** As if the client read everything: writable again, counting output from zero. */
    public void drained() {
        pending = 0;
        writable = true;
    }

    public boolean paused() {
        return paused;
    }

    public int resumes() {
        return resumes;
    }

    /**
     * Records the file's bytes as written and closes it; like the real thing, a file shorter than
     * {@code count} aborts.
     */
    @Override
    public void sendFile(FileChannel file, long position, long count) {
        try (file) {
            if (position < 0 || count < 0) {
                throw new IllegalArgumentException("negative position or count: " + position + ", " + count);
            }
            if (!open) {
                return;
            }
            long n = file.transferTo(position, count, Channels.newChannel(written));
            bytesOut += n;
            if (n < count) {
                abort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        open = false;
        closed = true;
    }

    @Override
    public void abort() {
        open = false;
        aborted = true;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean draining() {
        return draining;
    }

    public void draining(boolean draining) {
        this.draining = draining;
    }

    @Override
    public <T> void offload(Supplier<T> work, Consumer<T> then) {
        then.accept(work.get());
    }

    private final java.util.Queue<Runnable> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Queued (from any thread) until the test plays the handler's thread with {@link #runTasks}. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs the tasks {@link #execute} queued, in order, while the connection is open; how many ran. */
    public int runTasks() {
        int n = 0;
        for (Runnable t; (t = tasks.poll()) != null; n++) {
            if (open) {
                t.run();
            }
        }
        return n;
    }

    /** The deadline a handler set, or null; tests assert on it rather than wait for it. */
    public volatile java.time.Duration deadline;
    public volatile String deadlineReason;

    @Override
    public void deadline(java.time.Duration timeout, String reason) {
        this.deadline = timeout;
        this.deadlineReason = reason;
    }

    @Override
    public void clearDeadline() {
        this.deadline = null;
        this.deadlineReason = null;
    }

    @Override
    public long bytesIn() {
        return 0;
    }

    @Override
    public long bytesOut() {
        return bytesOut;
    }

    /** Everything written so far (before any close), as UTF-8. */
    public String output() {
        return written.toString(StandardCharsets.UTF_8);
    }

    public byte[] outputBytes() {
        return written.toByteArray();
    }

    /** True after {@link #close()} (graceful), as opposed to {@link #abort()}. */
    public boolean closed() {
        return closed;
    }

    public boolean aborted() {
        return aborted;
    }
}
