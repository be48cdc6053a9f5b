package io.wharf.core.model.process;

import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One client of the {@code process} model: on open it takes a child from the {@link SparePool} (a warmed
 * spare when one is ready) and sends it the connection's {@link Assignment} on its stdin. Then either the
 * client's socket itself goes to the child ({@link Handoff}, Java 22+) and this side only waits for the child's
 * exit, or the bytes are relayed: the client's to the child's stdin, and a virtual thread copies the child's
 * stdout to the client. When the child exits, however it exits, the client's connection closes and nothing
 * else is touched; the JDK's process reaper collects its exit status, so no zombie is left.
 *
 * <p>Threading: handler callbacks come from the connection's own thread, in order; the pump and the exit
 * callback run on other threads and only use the connection's thread-safe methods and volatile fields.
 */
final class Relay implements Handler {

    private static final Logger log = LoggerFactory.getLogger("wharf.connections");

    private static final long LAST_WORDS_MILLIS = 10_000;

    private final RelayService service;
    private volatile Connection connection;
    private volatile Child child;
    private volatile OutputStream stdin;
    private volatile boolean killed;
    private volatile boolean exited;
    private volatile Thread pump;

    Relay(RelayService service) {
        this.service = service;
    }

    long connectionId() {
        Connection c = connection;
        return c == null ? 0 : c.id();
    }

    @Override
    public void onOpen(Connection connection) {
        this.connection = connection;
        long opened = System.nanoTime();
        ChildCounters children = service.children();
        Child c;
        try {
            c = service.pool().take(this, connection.id());
        } catch (IllegalStateException e) {
            service.stats().error();
            log.error("conn#{}: {}", connection.id(), e.getMessage());
            connection.abort();
            return;
        }
        if (c == null) {
            String reason = "max_children (" + children.max() + ") child processes are running";
            service.stats().connectionRefused();
            connection.write(service.busyReply(reason));
            connection.close(CloseReason.REFUSED_BUSY); // counted by reason, and lingers like any refusal
            log.warn("conn#{} refused: {}", connection.id(), reason);
            return;
        }
        child = c;
        service.opened(this);
        if (exited) {
            service.closed(this); // it died between the take and here
        }
        boolean handedOff;
        OutputStream in = c.control();
        try {
            handedOff = service.handoff().pass(c, connection);
            in.write(Assignment.line(connection.id(), address(connection.remoteAddress()),
                    address(connection.localAddress()), handedOff).getBytes(StandardCharsets.US_ASCII));
            in.write(service.totals().frame());
            in.flush();
            if (c.takenReady()) {
                children.handedOver(System.nanoTime() - opened);
                log.info("conn#{} child pid {} ready in {}ms (a spare)", connection.id(), c.pid(), c.startupMillis());
            }
        } catch (IOException e) {
            return; // the child is gone; its exit callback closes the connection
        } finally {
            if (c.takenReady()) {
                service.pool().handedOver(); // only now: a replacement's JVM start would slow this hand-over
            }
        }
        if (handedOff) {
            return; // the child serves the socket itself; reading stays paused here until it exits
        }
        stdin = in;
        pump = Thread.ofVirtual().name("wharf-relay-out-" + connection.id()).start(() -> pumpOut(c, connection));
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        OutputStream in = stdin;
        if (in == null) {
            data.position(data.limit());
            return;
        }
        try {
            if (data.hasArray()) {
                in.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            } else {
                byte[] copy = new byte[data.remaining()];
                data.duplicate().get(copy);
                in.write(copy);
            }
            in.flush();
        } catch (IOException e) {
            // the child is gone; its exit callback closes the connection
        }
        data.position(data.limit());
    }

    /**
     * The client half-closed: the child's stdin ends too, and this waits (a bounded while) until the child has
     * written its last words and closed, so they reach the client before the connection closes.
     */
    @Override
    public void onInputEnded(Connection connection) {
        Child c = child;
        Thread t = pump;
        if (c == null || t == null) {
            return;
        }
        c.closeControl();
        try {
            t.join(LAST_WORDS_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onClose(Connection connection) {
        Child c = child;
        if (c == null) {
            return;
        }
        c.closeControl(); // EOF: the child's handler sees the client leave and the child exits
        Process p = c.process();
        Thread.ofVirtual().name("wharf-relay-stop-" + connection.id()).start(() -> {
            try {
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    log.warn("conn#{}: child pid {} did not exit after its client left; killing it",
                            connection.id(), p.pid());
                    killed = true;
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                killed = true;
                p.destroyForcibly();
            }
        });
    }

    void drain() {
        Child c = child;
        if (c != null && c.process().isAlive()) {
            // SIGTERM: the child marks its connection draining. Through the handle: Process.destroy() would also
            // close the pipes, ending the client's session instead of letting it finish
            c.process().toHandle().destroy();
        }
    }

    private void pumpOut(Child c, Connection connection) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream out = c.process().getInputStream()) {
            for (int n; (n = out.read(buffer)) >= 0; ) {
                connection.write(ByteBuffer.wrap(buffer, 0, n));
            }
        } catch (IOException e) {
            // the child died mid-write; the exit callback reports it
        }
        connection.close(); // the child closed the client's connection, or died
    }

    /** The pool's exit callback for the child this connection took. */
    void exited(Child c) {
        exited = true;
        Process p = c.process();
        int code = p.exitValue();
        boolean crash = code != 0 && !killed;
        service.children().exited(crash);
        service.stats().bytesIn(c.bytesIn()); // a handed-over socket's counts, which only the child saw
        service.stats().bytesOut(c.bytesOut());
        service.totals().add(c.protocolCounters());
        service.closed(this);
        if (crash) {
            service.stats().error();
            log.warn("conn#{}: child pid {} crashed with exit code {}{}; closing its client only", connection.id(),
                    p.pid(), code, c.lastError().isEmpty() ? "" : " (" + c.lastError() + ")");
        }
        CloseReason why = c.closeReason(); // what the child saw end: a handed-over socket's end only it sees
        connection.close(why != null ? why : crash ? CloseReason.HANDLER_ERROR : CloseReason.SERVER_CLOSED);
    }

    static String address(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    static InetSocketAddress parse(String s) {
        int colon = s.lastIndexOf(':');
        String host = s.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, Integer.parseInt(s.substring(colon + 1)));
    }
}
