package io.wharf.core.model.nio;

import io.wharf.core.FileRegion;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The output of one connection that the socket could not take yet, in write order: private copies of
 * written bytes and {@link FileRegion}s to send with {@code transferTo}. {@link #bytes} counts the copies
 * only, since a file region holds no memory. One shared queue for the loop and foreign writers keeps call
 * order: a write on the loop goes straight to the socket only when this is empty.
 *
 * <p>Threading: {@link #add}, {@link #isEmpty}, {@link #bytes} and {@link #close} from any thread;
 * {@link #writeTo} on the connection's loop thread only (the single consumer), and never after
 * {@link #close}. Once closed, a region added later is closed at once, so no file outlives the connection
 * whatever the race between a foreign {@code sendFile} and the close. {@link #isEmpty} is only a snapshot
 * while other threads add: the consumer may rely on it for what was added before it looked, not after.
 */
final class Outbox {

    /** Buffers per gathering write; plenty to fill a socket buffer with small writes. */
    private static final int BATCH = 64;
    /** The most one {@code transferTo} is asked for, so one large file cannot hold the loop. */
    static final long TRANSFER_MAX = 1 << 20;

    /** {@link ByteBuffer}s and {@link FileRegion}s. */
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean closed;
    private ByteBuffer[] batch;

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Bytes of queued copies (file regions excluded). */
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

    /** Queues {@code region} at the end, or closes it if this outbox is closed. */
    void add(FileRegion region) {
        queue.offer(region);
        // a close that ran before the offer could not see the region: drain it here
        if (closed) {
            drain();
        }
    }

    /**
     * Sends as much as {@code channel} takes without blocking, buffers with gathering writes and file regions
     * with {@code transferTo}; closes each region once sent. Returns the bytes sent.
     */
    long writeTo(SocketChannel channel) throws IOException {
        long written = 0;
        long copied = 0;
        try {
            for (Object head = queue.peek(); head != null; head = queue.peek()) {
                if (head instanceof FileRegion region) {
                    written += region.transferTo(channel, TRANSFER_MAX);
                    if (!region.done()) {
                        return written;
                    }
                    queue.poll();
                    region.close();
                } else {
                    int count = fillBatch();
                    long n = channel.write(batch, 0, count);
                    written += n;
                    copied += n;
                    if (!releaseBatch(count)) {
                        return written;
                    }
                }
            }
            return written;
        } finally {
            bytes.addAndGet(-copied);
        }
    }

    /** Drops everything queued and closes the file regions; later regions are closed as they come. */
    void close() {
        closed = true;
        drain();
        bytes.set(0);
    }

    private void drain() {
        for (Object o; (o = queue.poll()) != null; ) {
            if (o instanceof FileRegion region) {
                region.close();
            }
        }
    }

    /** Puts the leading buffers, up to the first file region, into the batch; returns how many. */
    private int fillBatch() {
        if (batch == null) {
            // the first time output backs up: most connections never get here
            batch = new ByteBuffer[BATCH];
        }
        int count = 0;
        for (Object o : queue) {
            if (!(o instanceof ByteBuffer b)) {
                break;
            }
            batch[count++] = b;
            if (count == BATCH) {
                break;
            }
        }
        return count;
    }

    /** Removes the fully written buffers among the first {@code count}; true if all of them were. */
    private boolean releaseBatch(int count) {
        int done = 0;
        while (done < count && !batch[done].hasRemaining()) {
            queue.poll();
            done++;
        }
        Arrays.fill(batch, 0, count, null);
        return done == count;
    }
}
