package io.wharf.core.model.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The output of one connection that the socket could not take yet: private copies of written bytes, in
 * write order, and their total. One shared queue for the loop and foreign writers keeps call order: a write
 * on the loop goes straight to the socket only when this is empty.
 *
 * <p>Threading: {@link #add}, {@link #isEmpty} and {@link #bytes} from any thread; {@link #writeTo} and
 * {@link #clear} on the connection's loop thread only (the single consumer).
 */
final class Outbox {

    /** Buffers per gathering write; plenty to fill a socket buffer with small writes. */
    private static final int BATCH = 64;

    private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private ByteBuffer[] batch;

    boolean isEmpty() {
        return queue.isEmpty();
    }

    long bytes() {
        return bytes.get();
    }

    /** Copies the remaining bytes of {@code data} (advancing it) to the end; returns the bytes now queued. */
    long add(ByteBuffer data) {
        int n = data.remaining();
        ByteBuffer copy = ByteBuffer.allocate(n).put(data).flip();
        // count before offering, so the total may run ahead of the queue but never behind it
        long total = bytes.addAndGet(n);
        queue.offer(copy);
        return total;
    }

    /** Writes as much as {@code channel} takes without blocking; returns the bytes written. */
    long writeTo(GatheringByteChannel channel) throws IOException {
        if (batch == null) {
            // the first time output backs up: most connections never get here
            batch = new ByteBuffer[BATCH];
        }
        long written = 0;
        try {
            while (!queue.isEmpty()) {
                int count = 0;
                for (ByteBuffer b : queue) {
                    batch[count++] = b;
                    if (count == BATCH) {
                        break;
                    }
                }
                written += channel.write(batch, 0, count);
                if (!release(count)) {
                    return written;
                }
            }
            return written;
        } finally {
            bytes.addAndGet(-written);
        }
    }

    /** Drops everything queued (the connection is closing now). */
    void clear() {
        queue.clear();
        bytes.set(0);
    }

    /** Removes the fully written buffers among the first {@code count}; true if all of them were. */
    private boolean release(int count) {
        int done = 0;
        while (done < count && !batch[done].hasRemaining()) {
            queue.poll();
            done++;
        }
        Arrays.fill(batch, 0, count, null);
        return done == count;
    }
}
