package io.wharf.core.tls;

import io.wharf.core.spi.Connection;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where {@link TlsOutput}'s bytes become records: the only caller of {@link SSLEngine#wrap}, for plaintext,
 * handshake messages and the closing {@code close_notify}. Records are sealed into {@code sealed} in call order,
 * and one thread at a time ({@code flushing}) hands them to the outer connection in that order, so a writer
 * never waits for another's socket write. Record buffers come from {@link TlsBuffers} and go back once the
 * outer connection has taken their bytes.
 *
 * <p>Threading: sealing ({@link #seal}, {@link #handshake}, {@link #afterHandshake}, {@link #closeOutbound}) and
 * {@link #then} only under {@link TlsOutput}'s lock; {@link #flush} from any thread, outside it. A flush that
 * finds another thread flushing returns at once and leaves its records to that thread, so when it returns they
 * may not have reached the outer connection yet: whatever must follow them there (the outer close or
 * half-close after {@code close_notify}) is queued behind them with {@link #then}, never called after a flush,
 * or the outer connection, which drops writes once closing, would drop them.
 */
final class TlsSealer {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** A record's content type alert, and an alert's level fatal. */
    private static final byte ALERT = 21;
    private static final byte FATAL = 2;

    private final SSLEngine engine;
    private final Connection outer;
    private final boolean direct;
    /** Under the lock: the engine's record size, read once the session is up. */
    private int packet;
    /** Records ({@link ByteBuffer}s) and, behind them, what follows them ({@link Runnable}s: {@link #then}). */
    private final ConcurrentLinkedQueue<Object> sealed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();

    TlsSealer(SSLEngine engine, Connection outer, boolean direct) {
        this.engine = engine;
        this.outer = outer;
        this.direct = direct;
    }

    /** Under the lock: all of {@code src} as records into {@code sealed}. */
    void seal(ByteBuffer src) {
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

    /**
     * Under the lock: the handshake messages the engine has to send.
     *
     * @return whether they include a fatal alert in the clear
     */
    boolean handshake() throws SSLException {
        boolean alerted = false;
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
        return alerted;
    }

    /** Under the lock: one empty wrap, for what an engine holds until the first write. */
    void afterHandshake() throws SSLException {
        ByteBuffer dst = TlsBuffers.take(engine.getSession().getPacketBufferSize(), direct);
        try {
            engine.wrap(EMPTY, dst);
        } finally {
            queue(dst);
        }
    }

    /** Under the lock, once: closes the engine's output and seals what it says last (close_notify or an alert). */
    void closeOutbound() {
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

    /** Under the lock: {@code dst}, as filled by a wrap, into {@code sealed}; or back to the cache if empty. */
    private boolean queue(ByteBuffer dst) {
        dst.flip();
        if (!dst.hasRemaining()) {
            TlsBuffers.give(dst);
            return false;
        }
        sealed.add(dst);
        return true;
    }

    /**
     * Under the lock: {@code action} runs once every record sealed so far has been handed to the outer
     * connection, by whichever thread's {@link #flush} hands over the last of them.
     */
    void then(Runnable action) {
        sealed.add(action);
    }

    /**
     * Hands sealed records to the outer connection, in order, one thread at a time; their buffers go back. What
     * {@link #then} queued runs in its turn, on the flushing thread.
     */
    void flush() {
        while (flushing.compareAndSet(false, true)) {
            for (Object o = sealed.poll(); o != null; o = sealed.poll()) {
                if (o instanceof ByteBuffer b) {
                    outer.write(b); // takes the bytes (copying what it cannot send now), so b is free again
                    TlsBuffers.give(b);
                } else {
                    ((Runnable) o).run();
                }
            }
            flushing.set(false);
            if (sealed.isEmpty()) {
                return;
            }
        }
    }
}
