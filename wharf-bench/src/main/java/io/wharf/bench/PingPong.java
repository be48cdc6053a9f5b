package io.wharf.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One closed-loop echo connection of the load client: send {@code size} bytes, wait until exactly that many have
 * come back, compare them with what was sent, repeat. Each message carries a fresh sequence number in its first
 * bytes, so a stale or misrouted reply does not compare equal.
 *
 * <p>Threading: owned by one {@link LoadWorker}; never touched by another thread. Allocation-free once built.
 */
final class PingPong {

    /** What a readable event led to. */
    enum Progress { PARTIAL, ECHOED, MISMATCH, CLOSED }

    private final SocketChannel channel;
    private final ByteBuffer out;
    private final ByteBuffer in;
    private SelectionKey key;
    private long sequence;
    private long sentAt;

    PingPong(SocketChannel channel, int id, int size) {
        this.channel = channel;
        this.out = ByteBuffer.allocateDirect(size);
        this.in = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            out.put(i, (byte) (id * 7 + i));
        }
    }

    SocketChannel channel() {
        return channel;
    }

    void bind(SelectionKey key) {
        this.key = key;
    }

    /** When the message now in flight was first handed to the socket ({@link System#nanoTime()}). */
    long sentAt() {
        return sentAt;
    }

    /** Round trips begun so far; 1 means the first is still waiting for its answer. */
    long roundTripsStarted() {
        return sequence;
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /** Starts the next round trip. */
    void send(long now) throws IOException {
        sequence++;
        int stamp = Math.min(Long.BYTES, out.capacity());
        for (int i = 0; i < stamp; i++) {
            out.put(i, (byte) (sequence >>> (8 * i)));
        }
        out.clear();
        sentAt = now;
        onWritable();
    }

    /** Writes what the socket takes; waits for the reply once the whole message is out. */
    void onWritable() throws IOException {
        channel.write(out);
        key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    Progress onReadable() throws IOException {
        if (channel.read(in) < 0) {
            return Progress.CLOSED;
        }
        if (in.hasRemaining()) {
            return Progress.PARTIAL;
        }
        in.flip();
        out.clear();
        boolean same = out.mismatch(in) < 0;
        in.clear();
        return same ? Progress.ECHOED : Progress.MISMATCH;
    }

    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the run is over; nothing to do with a failed close
        }
    }
}
