package io.wharf.core.model.process;

import io.wharf.core.spi.Handler;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.stats.ClusterStats;
import io.wharf.core.stats.ServerStats;
import sun.misc.Signal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The body of a {@code process} child: one handler serving one client. It starts the listener's protocol
 * service, makes the handler, connects its control socket when the parent passes sockets ({@code --control}),
 * runs its {@link WarmUp}, then says {@link #READY} on stderr and waits, warmed, as a spare. Its
 * {@link Assignment} arrives on stdin, with the listener's totals ({@link TotalsFrame}), which its stats then
 * report with its own connection's counts added: then it serves the client, relayed over stdin/stdout or on the
 * socket the parent handed over, reports its protocol's counters to the parent ({@link ChildReport}) and
 * exits. A spare whose stdin closes first (retired, or its parent died, even by {@code kill -9}) exits quietly; a child
 * serving a handed-over socket ends it if its control socket closes (the parent went away). The rest of
 * stderr is the child's log. SIGTERM from the parent means the server is draining.
 *
 * <p>Threading: the main thread makes every handler call, in order; the deadline timer and the control
 * socket's watcher only abort.
 */
public final class ConnectionChild {

    /** System property that enables the test-only crash commands of a child (off for users). */
    public static final String TEST_CRASH_PROPERTY = "wharf.test.crash";

    /** The first line a child writes to stderr once its handler exists and it is warmed. */
    public static final String READY = "wharf-child-ready";

    private ConnectionChild() {
    }

    /**
     * Waits for its connection, serves it until it or the handler closes; returns the exit code (0).
     *
     * @param stats   the stats {@code service} was started with
     * @param control the parent's Unix-domain control socket, or empty when the parent relays every connection
     */
    public static int run(ProtocolService service, ServerStats stats, String control) throws IOException {
        PrintStream err = System.err;
        System.setOut(err); // stdout carries the client's bytes: nothing else may print there
        AtomicReference<StdioConnection> current = new AtomicReference<>();
        AtomicBoolean drain = new AtomicBoolean();
        Signal.handle(new Signal("TERM"), s -> {
            drain.set(true);
            StdioConnection c = current.get();
            if (c != null) {
                c.drain();
            }
            service.draining();
        });
        SocketChannel unix = control.isEmpty() ? null : connect(control);
        Handler handler = service.handlers().newHandler();
        WarmUp.beforeReady(service, unix != null);
        ChildReport report = ChildReport.open(err, unix != null);
        // only what the connection adds is this child's to report, not a warm-up a protocol counted anyway
        Map<String, Long> before = stats.protocolCounters();
        err.println(READY);
        err.flush();
        FileInputStream stdin = new FileInputStream(FileDescriptor.in);
        Assignment a = Assignment.read(stdin);
        if (a == null) {
            service.shutdown(); // retired while waiting, or the parent is gone
            return 0;
        }
        ClusterStats atTake = TotalsFrame.read(stdin);
        stats.cluster(() -> Optional.of(new ClusterStats(atTake.total(),
                ProtocolTotals.sum(atTake.counters(), ProtocolTotals.since(before, stats.protocolCounters())),
                Map.of())));
        StdioConnection connection = a.socket()
                ? StdioConnection.handedOver(a, FdPassing.receive(requireControl(unix)), err)
                : StdioConnection.relayed(a);
        current.set(connection);
        if (drain.get()) {
            connection.drain();
        }
        if (connection.handedOver()) {
            watch(unix, connection);
        }
        serve(handler, connection);
        report.send(connection.closeReason(), ProtocolTotals.since(before, stats.protocolCounters()));
        service.shutdown();
        return 0;
    }

    /** Serves {@code connection} with {@code handler} until either closes it. */
    static void serve(Handler handler, StdioConnection connection) throws IOException {
        connection.handler(handler);
        connection.handler().onOpen(connection);
        byte[] buffer = new byte[16 * 1024];
        // between reads it holds what the handler left after pausing, handed over first on resume
        ByteBuffer data = ByteBuffer.wrap(buffer).limit(0);
        boolean crashSwitch = Boolean.getBoolean(TEST_CRASH_PROPERTY);
        while (connection.isOpen()) {
            if (!awaitReading(connection)) {
                break;
            }
            if (!data.hasRemaining()) {
                int n;
                try {
                    n = connection.read(data.clear());
                } catch (IOException e) {
                    if (!connection.isOpen()) {
                        break; // aborted under the read
                    }
                    throw e;
                }
                if (n < 0) {
                    connection.handler().onInputEnded(connection); // the client left or half-closed
                    break;
                }
                connection.received(n);
                if (crashSwitch) {
                    crashIfAsked(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                }
                data.flip();
            }
            connection.handler().onData(connection, data);
            if (!connection.paused()) {
                data.position(data.limit()); // left without pausing: dropped, as with any onData
            }
        }
        connection.close();
        connection.handler().onClose(connection);
    }

    private static SocketChannel connect(String control) throws IOException {
        SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(control));
        ByteBuffer hello = ByteBuffer.allocate(Long.BYTES).putLong(ProcessHandle.current().pid()).flip();
        while (hello.hasRemaining()) {
            s.write(hello);
        }
        return s;
    }

    private static SocketChannel requireControl(SocketChannel unix) throws IOException {
        if (unix == null) {
            throw new IOException("the parent passed a socket, but this child has no control socket");
        }
        return unix;
    }

    /** The control socket stays quiet while the child serves; its end means the parent is gone or wants out. */
    static void watch(SocketChannel unix, StdioConnection connection) {
        Thread.ofPlatform().daemon().name("wharf-child-control").start(() -> {
            try {
                while (unix.read(ByteBuffer.allocate(1)) >= 0) {
                    // nothing is sent after the socket
                }
            } catch (IOException ignored) {
                // closed: the same as its end
            }
            connection.abort();
        });
    }

    /** Waits while the handler holds reading paused; false if the connection closed meanwhile. */
    private static boolean awaitReading(StdioConnection connection) {
        try {
            return connection.awaitReading();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Test only ({@link #TEST_CRASH_PROPERTY}): the ways a handler can take its process down. */
    private static void crashIfAsked(String data) {
        if (data.contains("!crash:exit")) {
            System.exit(3);
        } else if (data.contains("!crash:halt")) {
            Runtime.getRuntime().halt(5);
        } else if (data.contains("!crash:throw")) {
            throw new IllegalStateException("test crash: uncaught exception in the handler");
        } else if (data.contains("!crash:oom")) {
            List<long[]> hog = new ArrayList<>();
            while (true) {
                hog.add(new long[1 << 20]);
            }
        }
    }
}
