package io.wharf.kv.command;

import io.wharf.kv.OutputLimits;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One client's output from other threads (pub/sub messages, a served blocked command) merged in order with its
 * own replies, and Redis's output limit for its class. While the handler is in a batch ({@link #begin} to
 * {@link #end}) output from elsewhere is held and sent after the replies the handler has so far, so a message
 * never overtakes the SUBSCRIBE reply it follows; between batches it is sent at once. Output queued on the
 * connection (written here, not yet sent) is checked against {@code client-output-buffer-limit} at every send:
 * past the hard limit, or past the soft limit for longer than its seconds, the client is dropped, so a
 * subscriber that stops reading never costs unbounded memory.
 *
 * <p>Threading: thread-safe; {@code lock} is held while bytes are handed to the connection, never while the key
 * space's lock is wanted.
 */
final class ClientOutput {

    /** Where bytes go, and what the connection has sent. */
    interface Sink {
        void write(ByteBuffer bytes);

        long bytesOut();

        /** Drops the client: its output passed a limit. */
        void drop(String why);
    }

    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private final List<ByteBuffer> held = new ArrayList<>();
    private Sink sink;
    private boolean inBatch;
    private long written;
    private long softSince;
    private boolean dropped;

    void sink(Sink sink) {
        this.sink = sink;
    }

    /** The handler starts on input: output from elsewhere waits for its replies. */
    void begin() {
        lock.lock();
        try {
            inBatch = true;
        } finally {
            lock.unlock();
        }
    }

    /** The handler's replies so far, then what was held. */
    void flush(ByteBuffer replies, OutputLimits.Limit limit) {
        lock.lock();
        try {
            send(replies);
            for (ByteBuffer b : held) {
                send(b);
            }
            held.clear();
            check(limit);
        } finally {
            lock.unlock();
        }
    }

    /** The batch is over (its replies flushed): output from elsewhere goes out at once again. */
    void end(OutputLimits.Limit limit) {
        lock.lock();
        try {
            for (ByteBuffer b : held) {
                send(b);
            }
            held.clear();
            inBatch = false;
            check(limit);
        } finally {
            lock.unlock();
        }
    }

    /** Output from another thread. */
    void push(ByteBuffer bytes, OutputLimits.Limit limit) {
        lock.lock();
        try {
            if (inBatch) {
                held.add(bytes);
                return;
            }
            send(bytes);
            check(limit);
        } finally {
            lock.unlock();
        }
    }

    /** Bytes written to the connection and not yet sent, plus what is held. */
    long pending() {
        lock.lock();
        try {
            long h = 0;
            for (ByteBuffer b : held) {
                h += b.remaining();
            }
            return sink == null ? 0 : Math.max(0, written - sink.bytesOut()) + h;
        } finally {
            lock.unlock();
        }
    }

    private void send(ByteBuffer b) {
        if (sink == null || dropped || !b.hasRemaining()) {
            return;
        }
        written += b.remaining();
        sink.write(b);
    }

    /** {@code checkClientOutputBufferLimits}. */
    private void check(OutputLimits.Limit limit) {
        if (sink == null || dropped || limit.none()) {
            return;
        }
        long used = Math.max(0, written - sink.bytesOut());
        for (ByteBuffer b : held) {
            used += b.remaining();
        }
        boolean hard = limit.hard() > 0 && used >= limit.hard();
        boolean soft = false;
        if (limit.soft() > 0 && used >= limit.soft()) {
            long now = System.currentTimeMillis();
            if (softSince == 0) {
                softSince = now;
            } else {
                soft = now - softSince >= limit.softSeconds() * 1000;
            }
        } else {
            softSince = 0;
        }
        if (hard || soft) {
            dropped = true;
            held.clear();
            String why = "client closed for overcoming of output buffer limits (" + used + " bytes queued, "
                    + (hard ? "hard limit " + limit.hard() : "soft limit " + limit.soft() + " for "
                    + limit.softSeconds() + "s") + ")";
            sink.drop(why);
        }
    }
}
