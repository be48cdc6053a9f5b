package io.wharf.core.tls;

import io.wharf.core.FileRegion;
import io.wharf.core.spi.CloseReason;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * What waits behind a file on {@link TlsOutput}: files, and copies of the plaintext written while one is on its
 * way, in call order. The file at the head is read in chunks and sealed ({@link #sealChunk}); the plaintext
 * copies are bounded by {@code max_outbox}, as the outer outbox would bound them.
 *
 * <p>Threading: every method only under {@link TlsOutput}'s lock.
 */
final class TlsBacklog {

    /** Plaintext per file read: four full records. */
    private static final int FILE_CHUNK = 64 * 1024;

    private final TlsSealer sealer;
    private final LongSupplier maxBacklog;
    private final boolean direct;
    /** Plaintext buffers and files. */
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private long bytes;

    TlsBacklog(TlsSealer sealer, LongSupplier maxBacklog, boolean direct) {
        this.sealer = sealer;
        this.maxBacklog = maxBacklog;
        this.direct = direct;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** The oldest waiting: a plaintext {@link ByteBuffer} or a {@link FileRegion}; null when none is. */
    Object head() {
        return queue.peek();
    }

    /** Queues a copy of all of {@code src}; true when that takes the backlog over {@code max_outbox}. */
    boolean add(ByteBuffer src) {
        ByteBuffer copy = ByteBuffer.allocate(src.remaining()).put(src).flip();
        queue.add(copy);
        bytes += copy.remaining();
        return bytes > maxBacklog.getAsLong();
    }

    void add(FileRegion region) {
        queue.add(region);
    }

    /** Seals {@code head}, the plaintext at the head, and drops it. */
    void sealHead(ByteBuffer head) {
        bytes -= head.remaining();
        sealer.seal(head);
        queue.poll();
    }

    /**
     * The next chunk of the file at the head, after {@code held} (what a cork held, given back here; may be
     * null); ABORTED when the file is short.
     */
    CloseReason sealChunk(FileRegion r, ByteBuffer held) {
        ByteBuffer chunk = TlsBuffers.take(FILE_CHUNK, direct);
        try {
            if (held != null) {
                chunk.put(held.flip()); // the head written before the file shares its first record
                TlsBuffers.give(held);
            }
            try {
                r.copyTo(chunk);
            } catch (IOException e) {
                r.close();
                queue.poll();
                return CloseReason.ABORTED;
            }
            sealer.seal(chunk.flip());
            if (r.done()) {
                r.close();
                queue.poll();
            }
            return null;
        } finally {
            TlsBuffers.give(chunk);
        }
    }

    /** The connection ended: files not sent are closed, the rest dropped. */
    void release() {
        for (Object o : queue) {
            if (o instanceof FileRegion r) {
                r.close();
            }
        }
        queue.clear();
        bytes = 0;
    }
}
