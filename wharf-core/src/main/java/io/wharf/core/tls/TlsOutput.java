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
 * write may block on a slow client, while another thread's records just queue behind it. Record buffers come
 * from {@link TlsBuffers} and go back once the outer connection has taken their bytes.
 *
 * <p>Coalescing: while the protocol corks ({@link #cork}), small writes are held as plaintext ({@code held},
 * up to one record's worth) and sealed together on uncork, or with the first bytes of a file sent meanwhile: a
 * head and a small body leave as one record, as nginx's {@code ssl_buffer_size} gives.
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
    /** The plaintext of one full record: what a cork holds at most. */
    private static final int RECORD = 16 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** A record's content type alert, and an alert's level fatal. */
    private static final byte ALERT = 21;
    private static final byte FATAL = 2;

    private final SSLEngine engine;
    private final Connection outer;
    private final LongSupplier maxBacklog;
    private final boolean direct;
    private final ReentrantLock lock = new ReentrantLock();
    /** Under {@code lock}: plaintext buffers and files waiting behind a file. */
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    private long backlogBytes;
    /** Under {@code lock}: the close asked for, done once the backlog is sent. */
    private CloseReason closing;
    private boolean closed;
    /** Under {@code lock}: a half-close asked for ({@link #shutdown}), done once the backlog is sent. */
    private boolean shutting;
    private boolean shut;
    private boolean outboundClosed;
    /** Under {@code lock}: the protocol corks; {@code held} is plaintext written meanwhile, not sealed yet. */
    private boolean corked;
    private ByteBuffer held;
    /** Under {@code lock}: the engine's record size, read once the session is up. */
    private int packet;
    private final ConcurrentLinkedQueue<ByteBuffer> sealed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();

    TlsOutput(SSLEngine engine, Connection outer, LongSupplier maxBacklog, boolean direct) {
        this.engine = engine;
        this.outer = outer;
        this.maxBacklog = maxBacklog;
        this.direct = direct;
    }

    void write(ByteBuffer src) {
        boolean overflow = false;
        lock.lock();
        try {
            if (closing != null || outboundClosed || shutting) {
                src.position(src.limit());
                return;
            }
            if (!backlog.isEmpty()) {
                ByteBuffer copy = ByteBuffer.allocate(src.remaining()).put(src).flip();
                backlog.add(copy);
                backlogBytes += copy.remaining();
                overflow = backlogBytes > maxBacklog.getAsLong();
            } else if (corked && (held == null ? 0 : held.position()) + src.remaining() <= RECORD) {
                if (held == null) {
                    held = TlsBuffers.take(RECORD, direct);
                }
                held.put(src);
                return; // sealed on uncork, or with the file that follows
            } else {
                sealHeld();
                seal(src);
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

    /** Holds small writes until uncorked ({@code on} false), which seals them in as few records as fit. */
    void cork(boolean on) {
        lock.lock();
        try {
            corked = on;
            if (on || held == null || !backlog.isEmpty()) {
                return; // with a file queued, what is held goes out with its first chunk
            }
            sealHeld();
        } finally {
            lock.unlock();
        }
        flush();
    }

    void sendFile(FileRegion region) {
        lock.lock();
        try {
            if (closing != null || outboundClosed || shutting || region.done()) {
                region.close();
                return;
            }
            backlog.add(region);
        } finally {
            lock.unlock();
        }
        pump();
    }

    /** Sends what waits behind files while the outer connection is writable; then a close or half-close asked for. */
    void pump() {
        for (;;) {
            CloseReason closeNow = null;
            boolean shutNow = false;
            lock.lock();
            try {
                Object head = backlog.peek();
                if (head == null) {
                    sealHeld();
                    if (closing != null && !closed) {
                        closed = true;
                        closeNow = closing;
                        closeOutbound();
                    } else if (shutting && !shut) {
                        shut = true;
                        shutNow = true;
                        closeOutbound();
                    } else {
                        break;
                    }
                } else if (head instanceof ByteBuffer b) {
                    sealHeld();
                    backlogBytes -= b.remaining();
                    seal(b);
                    backlog.poll();
                } else if (!outer.writable() || !outer.isOpen()) {
                    return;
                } else {
                    closeNow = sealChunk((FileRegion) head);
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
            if (shutNow) {
                outer.shutdownOutput(); // close_notify went first: the TCP half-close follows it
                return;
            }
        }
        flush();
    }

    /**
     * Under {@code lock}: the next chunk of the file at the head of the backlog, after what is held; ABORTED when
     * the file is short.
     */
    private CloseReason sealChunk(FileRegion r) {
        ByteBuffer chunk = TlsBuffers.take(FILE_CHUNK, direct);
        try {
            if (held != null) {
                chunk.put(held.flip()); // the head written before the file shares its first record
                TlsBuffers.give(held);
                held = null;
            }
            try {
                r.copyTo(chunk);
            } catch (IOException e) {
                r.close();
                backlog.poll();
                return CloseReason.ABORTED;
            }
            seal(chunk.flip());
            if (r.done()) {
                r.close();
                backlog.poll();
            }
            return null;
        } finally {
            TlsBuffers.give(chunk);
        }
    }

    /**
     * Seals the handshake messages the engine has to send. Handler thread.
     *
     * @return whether they include a fatal alert in the clear: the engine refused the hello (BoringSSL's says
     *         no more than that), and the connection is to close once it is sent
     */
    boolean handshake() throws SSLException {
        boolean alerted = false;
        lock.lock();
        try {
            // at least once: the unwrap said NEED_WRAP, even where the engine's own status lags (BoringSSL's)
            do {
                ByteBuffer dst = TlsBuffers.take(engine.getSession().getPacketBufferSize(), direct);
                SSLEngineResult r;
                try {
                    r = engine.wrap(EMPTY, dst);
                    alerted |= dst.position() >= 7 && dst.get(0) == ALERT && dst.get(5) == FATAL;
                } finally {
                    queue(dst);
                }
                if (r.getStatus() == SSLEngineResult.Status.CLOSED || r.bytesProduced() == 0) {
                    break;
                }
            } while (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP);
        } finally {
            lock.unlock();
        }
        flush();
        return alerted;
    }

    /**
     * One empty wrap after the handshake: an engine that holds post-handshake messages until the first write
     * (BoringSSL's session tickets) sends them now, so a client that only resumes gets its ticket. Costs the JDK's
     * engine nothing.
     */
    void afterHandshake() throws SSLException {
        lock.lock();
        try {
            ByteBuffer dst = TlsBuffers.take(engine.getSession().getPacketBufferSize(), direct);
            try {
                engine.wrap(EMPTY, dst);
            } finally {
                queue(dst);
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

    /**
     * Half-closes once everything written so far is sent: {@code close_notify} (in TLS 1.3 the peer may go on
     * sending, RFC 8446 6.1), then the outer connection's FIN; later writes are dropped, input goes on.
     */
    void shutdown() {
        lock.lock();
        try {
            shutting = true;
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
            if (held != null) {
                TlsBuffers.give(held);
                held = null;
            }
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
                ByteBuffer dst = TlsBuffers.take(engine.getSession().getPacketBufferSize(), direct);
                boolean produced = false;
                try {
                    engine.wrap(EMPTY, dst);
                } finally {
                    produced = queue(dst);
                }
                if (!produced) {
                    break;
                }
            }
        } catch (SSLException e) {
            // the engine failed already: nothing more it can say
        }
    }

    /** Under {@code lock}: what a cork held, sealed now. */
    private void sealHeld() {
        if (held != null) {
            ByteBuffer h = held;
            held = null;
            seal(h.flip());
            TlsBuffers.give(h);
        }
    }

    /** Under {@code lock}: all of {@code src} as records into {@code sealed}. */
    private void seal(ByteBuffer src) {
        if (packet == 0) {
            packet = engine.getSession().getPacketBufferSize();
        }
        while (src.hasRemaining()) {
            int records = Math.min(8, src.remaining() / 16_384 + 1);
            ByteBuffer dst = TlsBuffers.take(records * packet, direct);
            try {
                while (src.hasRemaining()) {
                    SSLEngineResult r = engine.wrap(src, dst);
                    if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                        break; // overflow: the next buffer; closed: dropped below
                    }
                }
            } catch (SSLException e) {
                TlsBuffers.give(dst);
                src.position(src.limit());
                outer.abort();
                return;
            }
            if (!queue(dst) && src.hasRemaining()) {
                src.position(src.limit()); // the engine is closed: nothing more goes out
            }
        }
    }

    /** Under {@code lock}: {@code dst}, as filled by a wrap, into {@code sealed}; or back to the cache if empty. */
    private boolean queue(ByteBuffer dst) {
        dst.flip();
        if (!dst.hasRemaining()) {
            TlsBuffers.give(dst);
            return false;
        }
        sealed.add(dst);
        return true;
    }

    /** Hands sealed records to the outer connection, in order, one thread at a time; their buffers go back. */
    private void flush() {
        while (flushing.compareAndSet(false, true)) {
            for (ByteBuffer b = sealed.poll(); b != null; b = sealed.poll()) {
                outer.write(b); // takes the bytes (copying what it cannot send now), so b is free again
                TlsBuffers.give(b);
            }
            flushing.set(false);
            if (sealed.isEmpty()) {
                return;
            }
        }
    }
}
