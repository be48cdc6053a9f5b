package io.wharf.load.compare;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures a server's memory per connection: samples it at rest, opens N plain sockets that send nothing,
 * waits until the server's socket count stops growing (it reached N, or the server takes no more) and, when
 * it runs several processes, until their memory stops growing too (a process model's children take a while
 * to start), samples again, and closes them. Used by one thread at a time.
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
            ProcSample held = awaitSettled(server, zero.sockets() + open.size());
            if (held.processes() > 1) {
                held = awaitMemorySettled(server);
            }
            int count = Math.max(0, Math.min(open.size(), held.sockets() - zero.sockets()));
            return MemoryResult.of(open.size(), count, zero.rssBytes(), held.rssBytes());
        } finally {
            open.forEach(IdleProbe::closeQuietly);
            awaitDrained(server, zero.sockets(), zero.processes());
        }
    }

    /** The load cells that follow must not meet the probe's sockets still queued on the server. */
    private static void awaitDrained(ServerProcess server, int sockets, int processes) {
        long deadline = System.currentTimeMillis() + MAX_WAIT_MILLIS;
        while (server.isAlive() && System.currentTimeMillis() < deadline) {
            ProcSample now = server.sample();
            if (now.sockets() <= sockets && now.processes() <= processes) {
                return;
            }
            ServerProcess.pause(50);
        }
    }

    /** Until resident memory moves by under 1% in a second (or a minute passes): children are up. */
    private static ProcSample awaitMemorySettled(ServerProcess server) {
        long deadline = System.currentTimeMillis() + 60_000;
        ProcSample last = server.sample();
        while (System.currentTimeMillis() < deadline) {
            ServerProcess.pause(1000);
            ProcSample now = server.sample();
            if (Math.abs(now.rssBytes() - last.rssBytes()) < last.rssBytes() / 100) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /**
     * Polls /proc (nothing can notify us of another process's descriptors) until the count reaches
     * {@code target} or has not changed for half a second.
     */
    private static ProcSample awaitSettled(ServerProcess server, int target) {
        long deadline = System.currentTimeMillis() + MAX_WAIT_MILLIS;
        ProcSample last = server.sample();
        long lastChange = System.currentTimeMillis();
        while (last.sockets() < target && System.currentTimeMillis() - lastChange < SETTLE_MILLIS
                && System.currentTimeMillis() < deadline) {
            ServerProcess.pause(50);
            ProcSample now = server.sample();
            if (now.sockets() != last.sockets()) {
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
