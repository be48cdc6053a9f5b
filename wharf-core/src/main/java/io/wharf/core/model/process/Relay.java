package io.wharf.core.model.process;

import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One client of the {@code process} model: starts its child JVM on open, writes the client's bytes to the
 * child's stdin, and two virtual threads copy the child's stdout to the client and read its stderr (the ready
 * line, then its log). When the child exits, however it exits, the client's connection closes and nothing
 * else is touched; the JDK's process reaper collects its exit status, so no zombie is left.
 *
 * <p>Threading: handler callbacks come from the connection's own thread, in order; the pumps and the exit
 * callback run on other threads and only use the connection's thread-safe methods and volatile fields.
 */
final class Relay implements Handler {

    private static final Logger log = LoggerFactory.getLogger("wharf.connections");

    private final RelayService factory;
    private volatile Process process;
    private volatile OutputStream stdin;
    private volatile boolean killed;
    private volatile String lastError = "";
    private volatile Thread errPump;

    Relay(RelayService factory) {
        this.factory = factory;
    }

    @Override
    public void onOpen(Connection connection) {
        ChildCounters children = factory.children();
        if (!children.tryStart()) {
            String reason = "max_children (" + children.max() + ") child processes are running";
            factory.stats().connectionRefused();
            connection.write(factory.busyReply(reason));
            connection.close(CloseReason.REFUSED_BUSY); // counted by reason, and lingers like any refusal
            log.warn("conn#{} refused: {}", connection.id(), reason);
            return;
        }
        long start = System.nanoTime();
        try {
            process = new ProcessBuilder(factory.childCommand(connection.id(), address(connection.remoteAddress()),
                    address(connection.localAddress()))).start();
        } catch (IOException e) {
            children.exited(true);
            factory.stats().error();
            log.error("conn#{}: cannot start a child process: {}", connection.id(), e.getMessage());
            connection.abort();
            return;
        }
        stdin = process.getOutputStream();
        factory.opened(this);
        Process p = process;
        Thread.ofVirtual().name("wharf-relay-out-" + connection.id()).start(() -> pumpOut(p, connection));
        errPump = Thread.ofVirtual().name("wharf-relay-err-" + connection.id())
                .start(() -> pumpErr(p, connection, start));
        p.onExit().thenAccept(done -> exited(done, connection));
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

    @Override
    public void onClose(Connection connection) {
        Process p = process;
        if (p == null) {
            return;
        }
        try {
            stdin.close(); // EOF: the child's handler sees the client leave and the child exits
        } catch (IOException ignored) {
            // the child is gone already
        }
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
        Process p = process;
        if (p != null && p.isAlive()) {
            // SIGTERM: the child marks its connection draining. Through the handle: Process.destroy() would also
            // close the pipes, ending the client's session instead of letting it finish
            p.toHandle().destroy();
        }
    }

    private void pumpOut(Process p, Connection connection) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream out = p.getInputStream()) {
            for (int n; (n = out.read(buffer)) >= 0; ) {
                connection.write(ByteBuffer.wrap(buffer, 0, n));
            }
        } catch (IOException e) {
            // the child died mid-write; the exit callback reports it
        }
        connection.close(); // the child closed the client's connection, or died
    }

    private void pumpErr(Process p, Connection connection, long start) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null; ) {
                if (line.equals(ConnectionChild.READY)) {
                    long nanos = System.nanoTime() - start;
                    factory.children().ready(nanos);
                    log.info("conn#{} child pid {} ready in {}ms", connection.id(), p.pid(), nanos / 1_000_000);
                } else if (!line.isBlank()) {
                    if (!line.startsWith("\t")) {
                        lastError = line.strip();
                    }
                    log.info("conn#{} child: {}", connection.id(), line);
                }
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }

    private void exited(Process p, Connection connection) {
        int code = p.exitValue();
        try {
            errPump.join(1000); // its last lines say why it died
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean crash = code != 0 && !killed;
        factory.children().exited(crash);
        factory.closed(this);
        if (crash) {
            factory.stats().error();
            log.warn("conn#{}: child pid {} crashed with exit code {}{}; closing its client only", connection.id(),
                    p.pid(), code, lastError.isEmpty() ? "" : " (" + lastError + ")");
        }
        connection.close();
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
