package io.wharf.core;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * A stretch of a file queued for sending by {@link io.wharf.core.spi.Connection#sendFile}: the channel, which
 * the region owns and closes, and how far sending has got. Engines send it with
 * {@link FileChannel#transferTo} (sendfile on Linux), so the bytes never enter the Java heap.
 *
 * <p>Threading: not thread-safe; one thread at a time sends it (the engine's writer). {@link #close} is safe
 * from any thread and idempotent, so a closing connection may close a region its writer is still sending:
 * the writer's next transfer then fails.
 */
public final class FileRegion {

    private final FileChannel file;
    private long position;
    private final long end;

    /**
     * Takes ownership of {@code file}: on invalid arguments it is closed before the exception is thrown.
     *
     * @throws IllegalArgumentException if {@code position} or {@code count} is negative, or their sum overflows
     */
    public FileRegion(FileChannel file, long position, long count) {
        Objects.requireNonNull(file, "file");
        if (position < 0 || count < 0 || count > Long.MAX_VALUE - position) {
            closeQuietly(file);
            throw new IllegalArgumentException("bad file region: position " + position + ", count " + count);
        }
        this.file = file;
        this.position = position;
        this.end = position + count;
    }

    public long remaining() {
        return end - position;
    }

    public boolean done() {
        return position == end;
    }

    /**
     * One {@code transferTo} of at most {@code max} bytes to {@code target}; returns the bytes sent, 0 when a
     * non-blocking target is full.
     *
     * @throws EOFException if the file ends before the region does: the bytes promised can never be sent
     */
    public long transferTo(WritableByteChannel target, long max) throws IOException {
        long n = file.transferTo(position, Math.min(max, remaining()), target);
        if (n == 0 && !done()) {
            checkNotTruncated();
        }
        position += n;
        return n;
    }

    /**
     * Reads up to {@code into.remaining()} bytes of the region into {@code into} and counts them as sent: for
     * a caller that must copy them, such as a blocking writer whose socket is non-blocking underneath.
     */
    public int copyTo(ByteBuffer into) throws IOException {
        if (into.remaining() > remaining()) {
            into.limit(into.position() + (int) remaining());
        }
        int n = file.read(into, position);
        if (n <= 0) {
            throw truncated();
        }
        position += n;
        return n;
    }

    /** Closes the file; safe from any thread, more than once. */
    public void close() {
        closeQuietly(file);
    }

    private void checkNotTruncated() throws IOException {
        if (position >= file.size()) {
            throw truncated();
        }
    }

    private EOFException truncated() {
        return new EOFException("file ended at " + position + ", before the " + end + " bytes to send");
    }

    private static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (IOException e) {
            // a read-only file has nothing left to lose
        }
    }
}
