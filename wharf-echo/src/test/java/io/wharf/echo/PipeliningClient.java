package io.wharf.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * A raw-socket client that sends a whole payload without reading: {@link #pump} writes what the socket takes
 * now, without blocking, so a test can watch the server's back-pressure reach the client ({@link #stalled}).
 * Small socket buffers on both sides (the server's come from its settings) make that happen after a few tens
 * of KiB rather than megabytes. {@link #sendRestAndRead} then sends the rest from another thread while the
 * test reads.
 *
 * <p>Threading: {@link #pump} and {@link #stalled} from one thread; after {@link #sendRestAndRead}, the
 * returned stream from one reader.
 */
final class PipeliningClient implements AutoCloseable {

    static final int SOCKET_BUFFER = 16 * 1024;

    private final SocketChannel channel;
    private final ByteBuffer payload;
    private int zeroWrites;

    private PipeliningClient(SocketChannel channel, byte[] payload) {
        this.channel = channel;
        this.payload = ByteBuffer.wrap(payload);
    }

    static PipeliningClient connect(InetSocketAddress address, byte[] payload) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            // before connect, so the window is small from the start
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
            ch.connect(new InetSocketAddress("127.0.0.1", address.getPort()));
            ch.configureBlocking(false);
            return new PipeliningClient(ch, payload);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Writes what the socket takes now; returns the bytes written. */
    int pump() throws IOException {
        int n = channel.write(payload);
        zeroWrites = n == 0 && payload.hasRemaining() ? zeroWrites + 1 : 0;
        return n;
    }

    /** Pumps, then true once the socket has taken nothing twice running with payload left: the server stopped reading. */
    boolean stalled() {
        try {
            pump();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zeroWrites >= 2;
    }

    long sent() {
        return payload.position();
    }

    /** Sends the rest from a virtual thread and returns the stream to read the replies from. */
    InputStream sendRestAndRead(CompletableFuture<Void> sent) throws IOException {
        channel.configureBlocking(true);
        channel.socket().setSoTimeout(10_000);
        Thread.ofVirtual().name("pipelining-sender").start(() -> {
            try {
                while (payload.hasRemaining()) {
                    channel.write(payload);
                }
                sent.complete(null);
            } catch (IOException e) {
                sent.completeExceptionally(e);
            }
        });
        return channel.socket().getInputStream();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
