package io.wharf.core.model.blocking;

import io.wharf.core.FileRegion;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Sends file regions over a blocking socket with {@code transferTo} (sendfile), one blocking step at a time.
 *
 * <p>On a platform thread a blocking sendfile waits for room like a write does. A virtual thread is
 * different: the JDK makes its blocking socket non-blocking underneath, and {@code transferTo}, unlike
 * {@code write}, does not park when the socket is full but returns 0. So when sendfile sends nothing, a
 * small copied <em>spill</em> goes out with a blocking write, which parks until the client makes room, and
 * sendfile takes over again; nearly all bytes still go zero-copy. The switch happens on a virtual thread's
 * first blocking I/O on the socket and lasts, so until this class has seen one, a virtual thread spills
 * first: a sendfile on a socket still blocking underneath would block its carrier thread.
 *
 * <p>Threading: one sender at a time (the {@link BlockingOutbox}'s {@code writeLock}).
 */
final class BlockingTransfer {

    /** Copied to wait for room; small, so that copying stays the exception. */
    private static final int SPILL = 8 * 1024;

    private final SocketChannel channel;
    private ByteBuffer spill;
    /** True once a virtual thread has written here, so the socket is non-blocking underneath for good. */
    private boolean virtualWrote;

    BlockingTransfer(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Sends a first part of {@code region}, at most about {@code max} bytes, blocking until it is out;
     * returns how many bytes that was, never 0 while the region has bytes left.
     */
    long step(FileRegion region, long max) throws IOException {
        if (virtualWrote || !Thread.currentThread().isVirtual()) {
            long n = region.transferTo(channel, max);
            if (n > 0) {
                return n;
            }
        }
        return spill(region);
    }

    private int spill(FileRegion region) throws IOException {
        if (spill == null) {
            spill = ByteBuffer.allocate(SPILL);
        }
        spill.clear();
        int n = region.copyTo(spill);
        spill.flip();
        while (spill.hasRemaining()) {
            channel.write(spill);
        }
        virtualWrote |= Thread.currentThread().isVirtual();
        return n;
    }
}
