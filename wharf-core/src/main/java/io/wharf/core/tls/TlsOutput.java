package io.wharf.core.tls;

import io.wharf.core.FileRegion;
import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Connection;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The write side of a TLS connection: plaintext in, in call order, records out through the engine's
 * connection. Everything that leaves goes through here: the protocol's writes, files, handshake messages and
 * the closing {@code close_notify}.
 *
 * <p>Ordering: records are sealed ({@link SSLEngine#wrap}) under {@code lock} into {@code sealed}, and one
 * thread at a time ({@code flushing}) hands {@code sealed} to the outer connection in that order, outside the
 * lock. So a writer never waits for another's socket write: under the blocking models the owner's inline
 * write may block on a slow client, while another thread's records just queue behind it.
 *
 * <p>Files: the JDK has no kernel TLS, so {@link #sendFile} reads the file in chunks and seals them, only
 * while the outer connection is {@link Connection#writable}: a client that stops reading holds the file
 * where it is, and {@link #pump} carries on when the outer connection drains. Writes made while a file is
 * on its way wait behind it in {@code backlog} (plaintext, bounded by {@code max_outbox}).
 *
 * <p>Threading: every method is safe from any thread.
 */
final class TlsOutput {

    /** Plaintext per file read: four full records. */
    private static final int FILE_CHUNK = 64 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final Connection outer;
    private final LongSupplier maxBacklog;
    private final ReentrantLock lock = new ReentrantLock();
    /** Under {@code lock}: plaintext buffers and files waiting behind a file. */
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    private long backlogBytes;
    /** Under {@code lock}: the close asked for, done once the backlog is sent. */
    private CloseReason closing;
    private boolean outboundClosed;
    private ByteBuffer fileChunk;
    private final ConcurrentLinkedQueue<ByteBuffer> sealed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();

    TlsOutput(SSLEngine engine, Connection outer, LongSupplier maxBacklog) {
        this.engine = engine;
        this.outer = outer;
        this.maxBacklog = maxBacklog;
    }

    void write(ByteBuffer src) {
        boolean overflow = false;
        lock.lock();
        try {
            if (closing != null || outboundClosed) {
                src.position(src.limit());
                return;
            }
            if (backlog.isEmpty()) {
                seal(src);
            } else {
                ByteBuffer copy = ByteBuffer.allocate(src.remaining()).put(src).flip();
                backlog.add(copy);
                backlogBytes += copy.remaining();
                overflow = backlogBytes > maxBacklog.getAsLong();
            }
        } finally {
            lock.unlock();
        }
        if (overflow) {
            outer.abort(); // over max_outbox behind a file: as the outer outbox would
            return;
        }
        flush();
    }

    void sendFile(FileRegion region) {
        lock.lock();
        try {
            if (closing != null || outboundClosed || region.done()) {
                region.close();
                return;
            }
            backlog.add(region);
        } finally {
            lock.unlock();
        }
        pump();
    }

    /** Sends what waits behind files while the outer connection is writable; then a close asked for. */
    void pump() {
        for (;;) {
            CloseReason closeNow = null;
            lock.lock();
            try {
                Object head = backlog.peek();
                if (head == null) {
                    if (closing != null && !outboundClosed) {
                        closeNow = closing;
                        closeOutbound();
                    } else {
                        return;
                    }
                } else if (head instanceof ByteBuffer b) {
                    backlogBytes -= b.remaining();
                    seal(b);
                    backlog.poll();
                } else {
                    FileRegion r = (FileRegion) head;
                    if (!outer.writable() || !outer.isOpen()) {
                        return;
                    }
                    if (fileChunk == null) {
                        fileChunk = ByteBuffer.allocate(FILE_CHUNK);
                    }
                    fileChunk.clear();
                    try {
                        r.copyTo(fileChunk);
                    } catch (IOException e) {
                        r.close();
                        backlog.poll();
                        closeNow = CloseReason.ABORTED;
                    }
                    if (closeNow == null) {
                        fileChunk.flip();
                        seal(fileChunk);
                        if (r.done()) {
                            r.close();
                            backlog.poll();
                            fileChunk = null;
                        }
                    }
                }
            } finally {
                lock.unlock();
            }
            flush();
            if (closeNow == CloseReason.ABORTED) {
                outer.abort(); // the file is shorter than promised: the bytes can never be sent
                return;
            }
            if (closeNow != null) {
                outer.close(closeNow);
                return;
            }
        }
    }

    /** Seals the handshake messages the engine has to send. Handler thread. */
    void handshake() throws SSLException {
        lock.lock();
        try {
            // at least once: the unwrap said NEED_WRAP, even where the engine's own status lags (BoringSSL's)
            do {
                ByteBuffer dst = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                SSLEngineResult r = engine.wrap(EMPTY, dst);
                dst.flip();
                if (dst.hasRemaining()) {
                    sealed.add(dst);
                }
                if (r.getStatus() == SSLEngineResult.Status.CLOSED || r.bytesProduced() == 0) {
                    break;
                }
            } while (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP);
        } finally {
            lock.unlock();
        }
        flush();
    }

    /**
     * One empty wrap after the handshake: an engine that holds post-handshake messages until the first write
     * (BoringSSL's session tickets) sends them now, so a client that only resumes gets its ticket. Costs the JDK's
     * engine nothing.
     */
    void afterHandshake() throws SSLException {
        lock.lock();
        try {
            ByteBuffer dst = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(EMPTY, dst);
            dst.flip();
            if (dst.hasRemaining()) {
                sealed.add(dst);
            }
        } finally {
            lock.unlock();
        }
        flush();
    }

    /** Closes once everything written so far is sent: {@code close_notify}, then the outer close. */
    void close(CloseReason reason) {
        lock.lock();
        try {
            if (closing == null) {
                closing = reason;
            }
        } finally {
            lock.unlock();
        }
        pump();
    }

    /** An alert the engine holds after a failure, sent before the connection is dropped. */
    void alert() {
        lock.lock();
        try {
            closeOutbound();
        } finally {
            lock.unlock();
        }
        flush();
    }

    /** The connection ended: files not sent are closed. */
    void release() {
        lock.lock();
        try {
            for (Object o : backlog) {
                if (o instanceof FileRegion r) {
                    r.close();
                }
            }
            backlog.clear();
            backlogBytes = 0;
        } finally {
            lock.unlock();
        }
    }

    /** Under {@code lock}. */
    private void closeOutbound() {
        if (outboundClosed) {
            return;
        }
        outboundClosed = true;
        engine.closeOutbound();
        try {
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                ByteBuffer dst = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                engine.wrap(EMPTY, dst);
                dst.flip();
                if (!dst.hasRemaining()) {
                    break;
                }
                sealed.add(dst);
            }
        } catch (SSLException e) {
            // the engine failed already: nothing more it can say
        }
    }

    /** Under {@code lock}: all of {@code src} as records into {@code sealed}. */
    private void seal(ByteBuffer src) {
        int packet = engine.getSession().getPacketBufferSize();
        while (src.hasRemaining()) {
            int records = Math.min(8, src.remaining() / 16_384 + 1);
            ByteBuffer dst = ByteBuffer.allocate(records * packet);
            try {
                while (src.hasRemaining()) {
                    SSLEngineResult r = engine.wrap(src, dst);
                    if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                        break; // overflow: the next buffer; closed: dropped below
                    }
                }
            } catch (SSLException e) {
                src.position(src.limit());
                outer.abort();
                return;
            }
            dst.flip();
            if (dst.hasRemaining()) {
                sealed.add(dst);
            } else if (src.hasRemaining()) {
                src.position(src.limit()); // the engine is closed: nothing more goes out
            }
        }
    }

    /** Hands sealed records to the outer connection, in order, one thread at a time. */
    private void flush() {
        while (flushing.compareAndSet(false, true)) {
            for (ByteBuffer b = sealed.poll(); b != null; b = sealed.poll()) {
                outer.write(b);
            }
            flushing.set(false);
            if (sealed.isEmpty()) {
                return;
            }
        }
    }
}
