package io.wharf.core.tls;

import io.wharf.core.FileRegion;
import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Connection;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The write side of a TLS connection: plaintext in, in call order, records out through the engine's
 * connection. Everything that leaves goes through here: the protocol's writes, files, handshake messages and
 * the closing {@code close_notify}.
 *
 * <p>Ordering: records are sealed ({@link SSLEngine#wrap}) under {@code lock} by {@link TlsSealer}, which hands
 * them to the outer connection in that order, one thread at a time, outside the lock. So a writer never waits
 * for another's socket write: under the blocking models the owner's inline write may block on a slow client,
 * while another thread's records just queue behind it.
 *
 * <p>Coalescing: while the protocol corks ({@link #cork}), small writes are held as plaintext ({@code held},
 * up to one record's worth) and sealed together on uncork, or with the first bytes of a file sent meanwhile: a
 * head and a small body leave as one record, as nginx's {@code ssl_buffer_size} gives.
 *
 * <p>Files: the JDK has no kernel TLS, so {@link #sendFile} reads the file in chunks and seals them, only
 * while the outer connection is {@link Connection#writable}: a client that stops reading holds the file
 * where it is, and {@link #pump} carries on when the outer connection drains. Writes made while a file is
 * on its way wait behind it in the {@link TlsBacklog} (plaintext, bounded by {@code max_outbox}).
 *
 * <p>Threading: every method is safe from any thread. The outer close or half-close that follows
 * {@code close_notify} goes through the sealer's queue behind it ({@link TlsSealer#then}), run by whichever
 * thread hands the last records over: a thread's own flush may leave its records to another thread that is
 * flushing, so calling the outer close once it returns could close before they are written.
 */
final class TlsOutput {

    /** The plaintext of one full record: what a cork holds at most. */
    private static final int RECORD = 16 * 1024;

    private final Connection outer;
    private final boolean direct;
    private final ReentrantLock lock = new ReentrantLock();
    private final TlsSealer sealer;
    /** Under {@code lock}: plaintext buffers and files waiting behind a file. */
    private final TlsBacklog backlog;
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

    TlsOutput(SSLEngine engine, Connection outer, LongSupplier maxBacklog, boolean direct) {
        this.outer = outer;
        this.direct = direct;
        this.sealer = new TlsSealer(engine, outer, direct);
        this.backlog = new TlsBacklog(sealer, maxBacklog, direct);
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
                overflow = backlog.add(src);
            } else if (corked && (held == null ? 0 : held.position()) + src.remaining() <= RECORD) {
                if (held == null) {
                    held = TlsBuffers.take(RECORD, direct);
                }
                held.put(src);
                return; // sealed on uncork, or with the file that follows
            } else {
                sealHeld();
                sealer.seal(src);
            }
        } finally {
            lock.unlock();
        }
        if (overflow) {
            outer.abort(); // over max_outbox behind a file: as the outer outbox would
            return;
        }
        sealer.flush();
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
        sealer.flush();
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

    /**
     * Sends what waits behind files while the outer connection is writable; then a close or half-close asked for.
     * The outer close (or FIN) is queued behind {@code close_notify} in the sealer ({@link TlsSealer#then}), not
     * called once this thread's flush returns: that flush may have left the last records to another thread
     * flushing meanwhile (a foreign write racing the handler thread's, or the other way round), and the outer
     * connection drops what is written after its close.
     */
    void pump() {
        for (;;) {
            CloseReason abortNow = null;
            lock.lock();
            try {
                Object head = backlog.head();
                if (head == null) {
                    sealHeld();
                    if (closing != null && !closed) {
                        closed = true;
                        closeOutbound();
                        CloseReason reason = closing;
                        sealer.then(() -> outer.close(reason));
                    } else if (shutting && !shut) {
                        shut = true;
                        closeOutbound();
                        sealer.then(outer::shutdownOutput); // close_notify went first: the TCP half-close follows it
                    }
                    break;
                } else if (head instanceof ByteBuffer b) {
                    sealHeld();
                    backlog.sealHead(b);
                } else if (!outer.writable() || !outer.isOpen()) {
                    return;
                } else {
                    ByteBuffer h = held;
                    held = null;
                    abortNow = backlog.sealChunk((FileRegion) head, h);
                }
            } finally {
                lock.unlock();
            }
            sealer.flush();
            if (abortNow != null) {
                outer.abort(); // the file is shorter than promised: the bytes can never be sent
                return;
            }
        }
        sealer.flush();
    }

    /**
     * Seals the handshake messages the engine has to send. Handler thread.
     *
     * @return whether they include a fatal alert in the clear: the engine refused the hello (BoringSSL's says
     *         no more than that), and the connection is to close once it is sent
     */
    boolean handshake() throws SSLException {
        boolean alerted;
        lock.lock();
        try {
            alerted = sealer.handshake();
        } finally {
            lock.unlock();
        }
        sealer.flush();
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
            sealer.afterHandshake();
        } finally {
            lock.unlock();
        }
        sealer.flush();
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

    /**
     * An alert the engine holds after a failure, sent before the outer connection is closed with {@code reason}
     * (queued behind it, as in {@link #pump}: a foreign thread may be flushing).
     */
    void alertAndClose(CloseReason reason) {
        lock.lock();
        try {
            closeOutbound();
            sealer.then(() -> outer.close(reason));
        } finally {
            lock.unlock();
        }
        sealer.flush();
    }

    /** The connection ended: files not sent are closed. */
    void release() {
        lock.lock();
        try {
            backlog.release();
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
        sealer.closeOutbound();
    }

    /** Under {@code lock}: what a cork held, sealed now. */
    private void sealHeld() {
        if (held != null) {
            ByteBuffer h = held;
            held = null;
            sealer.seal(h.flip());
            TlsBuffers.give(h);
        }
    }
}
