package io.wharf.core.model.process;

import io.wharf.core.spi.ProtocolService;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a spare child runs once, while nobody waits, before it says it is ready: its client then waits for its
 * own bytes, not for the JVM's first run of the serving code (class loading, the linking of lambdas, string
 * concatenation and reflection's method handles, the interpreter's first pass).
 *
 * <ul>
 *   <li>The hand-over: descriptor passing (a descriptor passed to itself over a socket pair, which links each
 *       foreign function call's generated stub), the assignment parser, and the JDK's inherited-channel code:
 *       its classes, and the reflective constructor shape it spins on first use.</li>
 *   <li>The serving path: a handler of the protocol's own, made by its factory like the client's, serves one
 *       connection through the same read loop, connection class and control-socket watch as a client's, over a
 *       loopback socket nobody else sees, fed the protocol's {@link ProtocolService#warmUpInput}, then
 *       half-closed. The connection is a {@link io.wharf.core.spi.Connection#rehearsal}, so the protocol records
 *       nothing of it (no access log line, no counter); its replies are drained as they come and discarded, its
 *       byte counts go nowhere, and the parent never hears of it: no connection is counted or logged. A protocol
 *       that offers no input warms the open and close.</li>
 * </ul>
 *
 * <p>A failure here only means the first client pays for what was not warmed, so nothing is reported.
 *
 * <p>Threading: the child's main thread, once, before {@link ConnectionChild#READY}.
 */
final class WarmUp {

    /** A warm-up connection left hanging (a handler waiting for more than the input) is aborted after this. */
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private WarmUp() {
    }

    /** Both warm-ups; {@code socket}: the parent hands sockets over. */
    static void beforeReady(ProtocolService service, boolean socket) throws IOException {
        handOver(socket);
        serving(service, LIMIT);
    }

    /**
     * Serves one throwaway connection with a new handler of {@code service}, fed its warm-up input and then
     * half-closed, aborted after {@code limit}; returns what the handler replied (empty when loopback sockets are
     * unavailable).
     */
    static byte[] serving(ProtocolService service, Duration limit) {
        ByteArrayOutputStream replies = new ByteArrayOutputStream();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r ->
                Thread.ofPlatform().daemon().name("wharf-child-warm-up").unstarted(r));
        try (ServerSocketChannel server = loopbackServer();
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel served = server.accept();
             SocketChannel controlPeer = SocketChannel.open(server.getLocalAddress());
             SocketChannel control = server.accept()) {
            ByteBuffer input = ByteBuffer.wrap(service.warmUpInput());
            while (input.hasRemaining()) {
                client.write(input); // a few KiB: the socket's buffer holds them
            }
            client.shutdownOutput();
            InetSocketAddress local = (InetSocketAddress) served.getLocalAddress();
            InetSocketAddress remote = (InetSocketAddress) served.getRemoteAddress();
            StdioConnection connection = StdioConnection.rehearsal(new Assignment(0, remote, local, true), served);
            // the limit is a timer of its own: the handler may replace the connection's deadline with its own
            timer.schedule(connection::abort, limit.toMillis(), TimeUnit.MILLISECONDS);
            // replies are read as they come: one larger than the socket's buffers (a file) must not stall
            Thread reader = Thread.ofPlatform().daemon().name("wharf-child-warm-up-reader")
                    .start(() -> drain(client, replies));
            ConnectionChild.watch(control, connection);
            ConnectionChild.serve(service.handlers().newHandler(), connection);
            reader.join(limit.toMillis()); // the handler closed its side: the reader sees the end
        } catch (IOException | RuntimeException e) {
            // the first client warms what this did not
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            timer.shutdownNow();
        }
        synchronized (replies) {
            return replies.toByteArray();
        }
    }

    /** Reads {@code client} to its end into {@code replies}. */
    private static void drain(SocketChannel client, ByteArrayOutputStream replies) {
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        try {
            while (client.read(in.clear()) >= 0) {
                synchronized (replies) {
                    replies.write(in.array(), 0, in.position());
                }
            }
        } catch (IOException e) {
            // closed under the read: the warm-up is over
        }
    }

    private static void handOver(boolean socket) throws IOException {
        Assignment.parse(Assignment.line(0, "127.0.0.1:1", "127.0.0.1:2", socket).strip());
        Executors.newSingleThreadScheduledExecutor().shutdownNow(); // the connection's deadline timer
        if (!socket || !FdPassing.supported()) {
            return;
        }
        FdPassing.warm();
        for (String jdk : List.of("sun.nio.ch.InheritedChannel",
                "sun.nio.ch.InheritedChannel$InheritedSocketChannelImpl", "sun.nio.ch.Reflect")) {
            try {
                Class.forName(jdk, true, ClassLoader.getSystemClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // another JDK: it loads on first use instead
            }
        }
        try {
            // System.inheritedChannel() makes its FileDescriptor with a reflective (int) constructor, and the JDK
            // spins that shape's method handles on first use (~5 ms); any public (int) constructor spins the same
            ArrayList.class.getConstructor(int.class).newInstance(1);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the inherited channel spins them instead
        }
    }

    private static ServerSocketChannel loopbackServer() throws IOException {
        return ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }
}
