package io.wharf.core.model.blocking;

import io.wharf.core.FileRegion;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The output side of a {@link BlockingConnection}: every socket write, inline or queued, goes through here.
 *
 * <p>Writes: the owner writes inline ({@link #writeInline}), after first flushing anything queued, so it
 * blocks on a slow client (the nature of these models). Any other thread's write is copied into the outbox
 * ({@link #enqueue(ByteBuffer)}) and sent by a drainer virtual thread, started lazily, one at a time, so a
 * fan-out writer never blocks on a slow client. Every socket write, by the owner or the drainer, happens
 * under {@code writeLock}, and the outbox is only taken from while holding it, so bytes leave in call order.
 * Outbox bytes, including the buffer being written, are checked against {@code max_outbox}; the stall clock
 * feeds the reaper's {@code write_timeout}. Outbox bytes are also what the write watermarks apply to
 * ({@link #watermarks}): past the high one the connection is unwritable and its owner stops reading; below
 * the low one it is writable again.
 *
 * <p>Files take the same paths as writes: the owner sends them inline with {@code transferTo}
 * ({@link BlockingTransfer}), other threads queue them as regions behind the buffers before them. A region
 * costs no memory and does not count against {@code max_outbox}; it is closed once sent or dropped.
 *
 * <p>Threading: {@link #writeInline}, {@link #sendInline} and {@link #flush} on the connection's owner only;
 * {@link #enqueue} from any thread; {@link #drop} with {@code lock} held. {@code lock} is the connection's:
 * it guards the outbox together with the connection's state, so a write is queued only while the
 * connection is open, and it is only held briefly. {@code writeLock} is held across socket writes. Both are
 * {@link ReentrantLock}s because owners and drainers may be virtual threads. Lock order: {@code writeLock}
 * before {@code lock}, never the reverse.
 */
final class BlockingOutbox {

    /** Blocking writes are cut into chunks this big so the stall clock sees progress on large writes. */
    private static final int WRITE_CHUNK = 64 * 1024;
    /** Most buffers coalesced into one gathering write (IOV_MAX is 1024 on Linux). */
    private static final int MAX_BATCH = 256;

    private final BlockingOutput connection;
    private final SocketChannel channel;
    private final BlockingTransfer transfer;
    private final ReentrantLock lock;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** {@link ByteBuffer}s and {@link FileRegion}s, in write order. */
    private final ArrayDeque<Object> outbox = new ArrayDeque<>();
    /** Bytes of the buffers in the outbox (file regions excluded). */
    private long outboxBytes;
    private boolean drainerRunning;

    /** {@code lock} is the connection's, under which it also changes its state. */
    BlockingOutbox(BlockingOutput connection, SocketChannel channel, ReentrantLock lock) {
        this.connection = connection;
        this.channel = channel;
        this.transfer = new BlockingTransfer(channel);
        this.lock = lock;
    }

    /** The owner writes {@code data} at once, after what is queued; blocks until done and consumes it. */
    void writeInline(ByteBuffer data) {
        inline(data);
    }

    /** The owner sends {@code region} at once, after what is queued; blocks until done and closes it. */
    void sendInline(FileRegion region) {
        inline(region);
    }

    /** Queues a copy of {@code data} (consuming it) for the drainer; counts toward {@code max_outbox}. */
    void enqueue(ByteBuffer data) {
        int n = data.remaining();
        add(ByteBuffer.allocate(n).put(data).flip(), n);
    }

    /** Queues {@code region} for the drainer, or closes it if the connection is no longer open. */
    void enqueue(FileRegion region) {
        add(region, 0);
    }

    /** The owner's flush on its way out: sends everything queued, blocking; aborts on a failed write. */
    void flush() {
        writeLock.lock();
        try {
            flushOutbox();
        } catch (IOException e) {
            connection.failed("write", e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Sends what is queued, then end-of-stream (half-close); blocks meanwhile, as an inline write does. Any
     * thread; the connection drops writes from when it asked.
     */
    void shutdownOutput() {
        writeLock.lock();
        try {
            flushOutbox();
            channel.shutdownOutput();
        } catch (IOException e) {
            connection.failed("write", e);
        } finally {
            writeLock.unlock();
        }
    }

    private void inline(Object item) {
        writeLock.lock();
        try {
            flushOutbox();
            connection.pending(true);
            send(item);
            lock.lock();
            try {
                if (outbox.isEmpty()) {
                    connection.pending(false);
                }
            } finally {
                lock.unlock();
            }
        } catch (IOException e) {
            connection.failed("write", e);
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
    private void add(Object item, long bytes) {
        long queued;
        boolean startDrainer;
        lock.lock();
        try {
            if (!connection.isOpen()) {
                if (item instanceof FileRegion region) {
                    region.close();
                }
                return;
            }
            outbox.add(item);
            outboxBytes += bytes;
            queued = outboxBytes;
            watermarks();
            connection.queued();
            startDrainer = !drainerRunning;
            drainerRunning = true;
        } finally {
            lock.unlock();
        }
        if (bytes > 0 && connection.overLimit(queued)) {
            return;
        }
        if (startDrainer) {
            Thread.ofVirtual().name("wharf-drain-" + connection.id()).start(this::drain);
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
                // seen empty under the same lock a writer checks, so no write is left without a drainer;
                // a closed connection has dropped its outbox, so this also ends the drainer then
                lock.lock();
                try {
                    if (outbox.isEmpty()) {
                        drainerRunning = false;
                        handedOff = true;
                    }
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            connection.failed("write", e);
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
                    connection.pending(false);
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
                // a drop empties the whole outbox; otherwise what was sent is still at its head
                if (outbox.peek() == head) {
                    for (int i = 0; i < count; i++) {
                        outbox.poll();
                    }
                    outboxBytes -= bytes;
                    watermarks();
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
            connection.progressed(transfer.step(region, WRITE_CHUNK));
        }
    }

    /** One gathering write of several small buffers, at most a chunk in all. Caller holds {@code writeLock}. */
    private void writeBatch(ByteBuffer[] batch, int count) throws IOException {
        int first = 0;
        while (first < count) {
            long n = channel.write(batch, first, count - first);
            connection.progressed(n);
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
            connection.progressed(n);
        }
    }

    /**
     * Empties the outbox, as the connection closes for good; returns its files for the caller to close once
     * it has released {@code lock}. Caller holds {@code lock}.
     */
    List<FileRegion> drop() {
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
        connection.pending(false);
        watermarks();
        return files;
    }

    /** The one decision point of writability under these models. Caller holds {@code lock}. */
    private void watermarks() {
        if (connection.isWritable()) {
            if (connection.writeBuffer().above(outboxBytes)) {
                connection.writability(false);
            }
        } else if (connection.writeBuffer().below(outboxBytes)) {
            connection.writability(true);
        }
    }
}
