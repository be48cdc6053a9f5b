package io.wharf.core.model.process;

import io.wharf.core.spi.ProtocolService;
import sun.misc.Signal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a {@code process} child: one handler serving one client over stdin/stdout. The first line on
 * stderr, {@link #READY}, tells the parent the JVM is up (it times the start-up by it); the rest of stderr is
 * the child's log. SIGTERM from the parent means the server is draining.
 *
 * <p>Threading: the main thread makes every handler call, in order; the deadline timer only aborts.
 */
public final class ConnectionChild {

    /** System property that enables the test-only crash commands of a child (off for users). */
    public static final String TEST_CRASH_PROPERTY = "wharf.test.crash";

    /** The first line a child writes to stderr once its handler exists. */
    public static final String READY = "wharf-child-ready";

    private ConnectionChild() {
    }

    /** Serves the client until it or the handler closes; returns the exit code (0). */
    public static int run(ProtocolService service, long id, String remote, String local) throws IOException {
        StdioConnection connection = new StdioConnection(id, Relay.parse(remote), Relay.parse(local));
        PrintStream err = System.err;
        System.setOut(err); // stdout carries the client's bytes: nothing else may print there
        Signal.handle(new Signal("TERM"), s -> {
            connection.drain();
            service.draining();
        });
        connection.handler(service.handlers().newHandler());
        err.println(READY);
        err.flush();
        connection.handler().onOpen(connection);
        InputStream in = new FileInputStream(FileDescriptor.in);
        byte[] buffer = new byte[16 * 1024];
        // between reads it holds what the handler left after pausing, handed over first on resume
        ByteBuffer data = ByteBuffer.wrap(buffer).limit(0);
        boolean crashSwitch = Boolean.getBoolean(TEST_CRASH_PROPERTY);
        while (connection.isOpen()) {
            if (!awaitReading(connection)) {
                break;
            }
            if (!data.hasRemaining()) {
                int n = in.read(buffer);
                if (n < 0) {
                    connection.handler().onInputEnded(connection); // the client left: the parent closed our stdin
                    break;
                }
                connection.received(n);
                if (crashSwitch) {
                    crashIfAsked(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                }
                data.clear().limit(n);
            }
            connection.handler().onData(connection, data);
            if (!connection.paused()) {
                data.position(data.limit()); // left without pausing: dropped, as with any onData
            }
        }
        connection.close();
        connection.handler().onClose(connection);
        service.shutdown();
        return 0;
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
