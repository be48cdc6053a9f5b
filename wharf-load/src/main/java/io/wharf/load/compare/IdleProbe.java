package io.wharf.load.compare;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures a server's memory per connection: samples it at rest, opens N plain sockets that send nothing,
 * waits until the server's descriptor count stops growing (it reached N, or the server takes no more), samples
 * again, and closes them. Used by one thread at a time.
 */
final class IdleProbe {

    private static final long SETTLE_MILLIS = 500;
    private static final long MAX_WAIT_MILLIS = 15_000;

    private IdleProbe() {
    }

    static MemoryResult measure(ServerProcess server, int connections) {
        // the readiness probe's connection may still be open on the server's side: let it go first
        ProcSample zero = awaitSettled(server, Integer.MAX_VALUE);
        List<SocketChannel> open = new ArrayList<>(connections);
        try {
            for (int i = 0; i < connections; i++) {
                open.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port())));
            }
        } catch (IOException e) {
            // the server or this process ran out of something: measure what was opened
        }
        try {
            ProcSample held = awaitSettled(server, zero.fds() + open.size());
            int count = Math.max(0, Math.min(open.size(), held.fds() - zero.fds()));
            return MemoryResult.of(open.size(), count, zero.rssBytes(), held.rssBytes());
        } finally {
            open.forEach(IdleProbe::closeQuietly);
            awaitDrained(server, zero.fds());
        }
    }

    /** The load cells that follow must not meet the probe's sockets still queued on the server. */
    private static void awaitDrained(ServerProcess server, int fds) {
        long deadline = System.currentTimeMillis() + MAX_WAIT_MILLIS;
        while (server.isAlive() && server.sample().fds() > fds && System.currentTimeMillis() < deadline) {
            ServerProcess.pause(50);
        }
    }

    /**
     * Polls /proc (nothing can notify us of another process's descriptors) until the count reaches
     * {@code target} or has not changed for half a second.
     */
    private static ProcSample awaitSettled(ServerProcess server, int target) {
        long deadline = System.currentTimeMillis() + MAX_WAIT_MILLIS;
        ProcSample last = server.sample();
        long lastChange = System.currentTimeMillis();
        while (last.fds() < target && System.currentTimeMillis() - lastChange < SETTLE_MILLIS
                && System.currentTimeMillis() < deadline) {
            ServerProcess.pause(50);
            ProcSample now = server.sample();
            if (now.fds() != last.fds()) {
                lastChange = System.currentTimeMillis();
            }
            last = now;
        }
        // resident memory lags the last accept by a moment (a thread's stack is touched when it starts)
        ServerProcess.pause(200);
        return server.sample();
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a probe socket: nothing to do
        }
    }
}
