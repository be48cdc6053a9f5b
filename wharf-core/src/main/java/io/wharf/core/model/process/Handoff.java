package io.wharf.core.model.process;

import io.wharf.core.AbstractConnection;
import io.wharf.core.ServerContext;
import io.wharf.core.spi.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The accepting side of descriptor passing: a Unix-domain socket in a directory only this user can enter,
 * which every child connects to as it starts ({@code --control PATH}) and names itself on with its pid. A
 * connection whose socket can go to its child ({@link #pass}) is sent over that child's control socket with
 * {@link FdPassing}; the child then serves the client directly. Where passing is off, unsupported, or fails
 * for a connection, the bytes are relayed instead, and one log line says which is in use.
 *
 * <p>A connection's socket goes to the child only when this side would have nothing more to do with its bytes:
 * the connection is the accepted socket itself (not one a layer such as TLS wraps, which the accepting process
 * terminates) and no {@code idle_timeout} is set (the accepting process sees no reads to reset it).
 *
 * <p>Threading: {@link #pass} runs on connection threads; the control sockets are accepted on a platform
 * thread of their own ({@code wharf-handoff-<listener>}).
 */
final class Handoff {

    private static final Logger log = LoggerFactory.getLogger(Handoff.class);

    private final String listener;
    /** A child that is not ready when its connection takes it connects this long after, at most. */
    private static final long CONTROL_WAIT_SECONDS = 60;

    /** Each child's control socket by pid, completed when it connects. */
    private final Map<Long, CompletableFuture<SocketChannel>> controls = new ConcurrentHashMap<>();
    private volatile boolean enabled;
    private volatile ServerContext context;
    private Path dir;
    private Path path;
    private ServerSocketChannel server;

    Handoff(String listener, boolean wanted) {
        this.listener = listener;
        this.enabled = wanted && FdPassing.supported();
        if (!wanted) {
            log.info("{}: process model relays each client's bytes to its child (child_fd_passing = false)",
                    listener);
        } else if (!enabled) {
            log.info("{}: process model relays each client's bytes to its child: {}", listener,
                    FdPassing.unsupportedReason());
        }
    }

    /** Opens the control socket; on failure, logs it and relays instead. */
    void start(ServerContext context) {
        this.context = context;
        if (!enabled) {
            return;
        }
        try {
            removeStale();
            dir = Files.createTempDirectory("wharf-" + listener + "-" + ProcessHandle.current().pid() + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            path = dir.resolve("control");
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            FdPassing.warm(); // links the native calls now, not on the first client's clock
            // a platform thread, so the control sockets stay in blocking mode for sendmsg
            Thread.ofPlatform().daemon().name("wharf-handoff-" + listener).start(this::acceptControls);
            log.info("{}: process model hands each client's socket to its child (SCM_RIGHTS over {})", listener,
                    path);
        } catch (IOException | RuntimeException e) {
            disable("cannot open the control socket: " + e.getMessage());
        }
    }

    /** What a child must be told on its command line to connect its control socket. */
    List<String> childOptions() {
        Path p = path;
        return enabled && p != null ? List.of("--control", p.toString()) : List.of();
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * Sends {@code connection}'s socket to {@code child} if it can go: reading is paused here for good, and
     * true means the child now serves the client. False: relay the bytes. A child still starting is waited
     * for (its client waits for it either way).
     */
    boolean pass(Child child, Connection connection) {
        ServerContext c = context;
        if (!enabled || !(connection instanceof AbstractConnection raw) || c == null
                || !c.limits().idleTimeout().isZero()
                || raw.proxied().isPresent()) { // bytes after its PROXY header were read here: relay them
            return false;
        }
        SocketChannel control;
        try {
            control = slot(child.pid()).get(CONTROL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return false; // it exited before it connected: the exit callback closes the connection
        } catch (TimeoutException e) {
            log.warn("conn#{}: child pid {} did not connect its control socket in {}s; relaying its bytes",
                    connection.id(), child.pid(), CONTROL_WAIT_SECONDS);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            controls.remove(child.pid());
        }
        if (!connection.isOpen()) {
            return false; // closed while its child started: nothing to pass
        }
        child.control(control);
        connection.pauseReading();
        try {
            FdPassing.send(control, raw.socket());
            return true;
        } catch (IOException | RuntimeException e) {
            connection.resumeReading();
            if (connection.isOpen()) { // else it was closed under the send: no fault of passing
                disable("passing conn#" + connection.id() + "'s socket failed: " + e.getMessage());
            }
            return false;
        }
    }

    void close() {
        enabled = false;
        try {
            if (server != null) {
                server.close();
            }
            if (path != null) {
                Files.deleteIfExists(path);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            log.debug("{}: removing the control socket: {}", listener, e.toString());
        }
        controls.keySet().forEach(this::forget);
    }

    /** A child exited: a control socket it left unused is closed, and a connection waiting for one relays. */
    void forget(long pid) {
        CompletableFuture<SocketChannel> f = controls.remove(pid);
        if (f != null && !f.completeExceptionally(new IOException("child pid " + pid + " exited"))) {
            f.thenAccept(Handoff::closeQuietly);
        }
    }

    private CompletableFuture<SocketChannel> slot(long pid) {
        return controls.computeIfAbsent(pid, p -> new CompletableFuture<>());
    }

    /**
     * Removes the control sockets of servers that were killed (a stop removes its own): their directories are
     * named {@code wharf-<listener>-<pid>-...}, and a pid that no longer runs left its directory behind.
     */
    private static void removeStale() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (var dirs = Files.newDirectoryStream(tmp, "wharf-*-*-*")) {
            for (Path d : dirs) {
                String[] parts = d.getFileName().toString().split("-");
                try {
                    long pid = Long.parseLong(parts[parts.length - 2]);
                    if (ProcessHandle.of(pid).isEmpty() && Files.exists(d.resolve("control"))) {
                        Files.deleteIfExists(d.resolve("control"));
                        Files.deleteIfExists(d);
                    }
                } catch (NumberFormatException | IOException e) {
                    // not ours, or not ours to remove
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("looking for stale control sockets: {}", e.toString());
        }
    }

    private void disable(String why) {
        if (enabled) {
            enabled = false;
            log.warn("{}: process model relays each client's bytes to its child from now on: {}", listener, why);
        }
    }

    private void acceptControls() {
        while (true) {
            SocketChannel s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                ByteBuffer hello = ByteBuffer.allocate(Long.BYTES);
                while (hello.hasRemaining()) {
                    if (s.read(hello) < 0) {
                        throw new IOException("closed before naming itself");
                    }
                }
                slot(hello.flip().getLong()).complete(s);
            } catch (IOException e) {
                log.debug("{}: a child's control socket: {}", listener, e.toString());
                closeQuietly(s);
            }
        }
    }

    static void closeQuietly(SocketChannel s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }
}
