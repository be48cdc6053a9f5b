package io.wharf.load.compare;

import io.wharf.load.FileLimit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Measures a server's memory per connection: samples it at rest, opens N plain sockets that send nothing,
 * waits until the server's socket count stops growing (it reached N, or the server takes no more) and, when
 * it runs several processes, until their memory stops growing too (a process model's children take a while
 * to start), samples again, and closes them. When the server held fewer than N it says why: it answered and
 * closed some (a cap's busy reply, quoted), it reached its open-files limit, this process reached its own (it
 * keeps {@link FileLimit#HEADROOM} descriptors back, so it can still read /proc and report what was held), or
 * they sit unaccepted in the backlog. Used by one thread at a time.
 */
final class IdleProbe {

    private static final long SETTLE_MILLIS = 500;
    private static final long MAX_WAIT_MILLIS = 15_000;
    /** A connect that waits this long is one the server's backlog has no room for. */
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** Descriptors a server keeps for itself besides its clients' (listener, jars, selectors, logs). */
    private static final int SERVER_RESERVE = 64;
    private static final int QUOTE = 80;

    private IdleProbe() {
    }

    static MemoryResult measure(ServerProcess server, int connections) {
        // the readiness probe's connection may still be open on the server's side: let it go first
        ProcSample zero = awaitSettled(server, Integer.MAX_VALUE);
        int room = ownRoom();
        int wanted = Math.min(connections, room);
        List<SocketChannel> open = new ArrayList<>(wanted);
        String connectFailure = "";
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
        for (int i = 0; i < wanted; i++) {
            try {
                open.add(connect(address));
            } catch (IOException e) {
                connectFailure = "connect " + (i + 1) + " failed: " + e.getMessage();
                break;
            }
        }
        try {
            ProcSample held = awaitSettled(server, zero.sockets() + open.size());
            if (held.processes() > 1) {
                held = awaitMemorySettled(server);
            }
            if (zero.sockets() < 0 || held.sockets() < 0) {
                return MemoryResult.of(connections, open.size(), 0, -1, -1, MemoryResult.Shortfall.UNREADABLE,
                        "/proc/" + server.pid() + " could not be read, so the server's sockets were not counted");
            }
            int count = Math.max(0, Math.min(open.size(), held.sockets() - zero.sockets()));
            Shortfall why = count >= connections ? new Shortfall(MemoryResult.Shortfall.NONE, "")
                    : why(answers(open), held.fds(), FileLimit.openFiles(server.pid()), connections, open.size(),
                            room, count, connectFailure);
            return MemoryResult.of(connections, open.size(), count, zero.rssBytes(), held.rssBytes(), why.kind(),
                    why.text());
        } finally {
            open.forEach(IdleProbe::closeQuietly);
            awaitDrained(server, zero.sockets(), zero.processes());
        }
    }

    record Shortfall(MemoryResult.Shortfall kind, String text) {
    }

    /**
     * The first cause that explains why {@code held} of {@code requested} were held, the server's own word first:
     * {@code answers} it sent on the probe's sockets, its descriptors ({@code serverFds} of {@code serverLimit}),
     * then this process's {@code room} for sockets, a failed connect, and last the backlog.
     */
    static Shortfall why(Answers answers, int serverFds, OptionalLong serverLimit, int requested, int opened,
                         int room, int held, String connectFailure) {
        if (answers.count() > 0) {
            return new Shortfall(MemoryResult.Shortfall.TURNED_AWAY, String.format(Locale.ROOT,
                    "the server answered and closed %,d%s", answers.count(),
                    answers.first().isEmpty() ? "" : ": \"" + answers.first() + "\""));
        }
        if (serverLimit.isPresent() && serverFds + SERVER_RESERVE >= serverLimit.getAsLong()) {
            return new Shortfall(MemoryResult.Shortfall.SERVER_FILE_LIMIT, String.format(Locale.ROOT,
                    "the server ran out of file descriptors (%,d open, its limit is %,d): raise its 'ulimit -n'",
                    serverFds, serverLimit.getAsLong()));
        }
        if (opened < requested && opened >= room) {
            return new Shortfall(MemoryResult.Shortfall.OWN_FILE_LIMIT, String.format(Locale.ROOT,
                    "compare's open-files limit left room for %,d sockets (it keeps %d descriptors for itself), so "
                            + "it opened %,d; raise 'ulimit -n' to measure %,d", room, FileLimit.HEADROOM, opened,
                    requested));
        }
        if (!connectFailure.isEmpty()) {
            return new Shortfall(MemoryResult.Shortfall.CONNECT_FAILED, connectFailure);
        }
        return new Shortfall(MemoryResult.Shortfall.BACKLOG, String.format(Locale.ROOT,
                "the server accepted %,d; the other %,d wait in its backlog", held, opened - held));
    }

    /** How many of the sockets the server answered or closed, and the first line it sent. */
    record Answers(int count, String first) {
    }

    private static Answers answers(List<SocketChannel> open) {
        ByteBuffer in = ByteBuffer.allocate(256);
        int count = 0;
        String first = "";
        for (SocketChannel c : open) {
            try {
                c.configureBlocking(false);
                int n = c.read(in.clear());
                if (n == 0) {
                    continue;
                }
                count++;
                if (n > 0 && first.isEmpty()) {
                    first = firstLine(in.flip());
                }
            } catch (IOException e) {
                count++; // reset by the server: turned away too
            }
        }
        return new Answers(count, first);
    }

    static String firstLine(ByteBuffer in) {
        String text = StandardCharsets.UTF_8.decode(in).toString();
        String line = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
        return line.length() <= QUOTE ? line : line.substring(0, QUOTE) + "…";
    }

    /** Sockets this process may still open, keeping {@link FileLimit#HEADROOM} for itself (/proc reads, jars). */
    private static int ownRoom() {
        OptionalLong limit = FileLimit.openFiles();
        int inUse = ProcSampler.sample(ProcessHandle.current().pid()).fds();
        if (limit.isEmpty() || inUse < 0) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, limit.getAsLong() - inUse - FileLimit.HEADROOM));
    }

    private static SocketChannel connect(InetSocketAddress address) throws IOException {
        SocketChannel c = SocketChannel.open();
        try {
            c.socket().connect(address, CONNECT_TIMEOUT_MILLIS);
            return c;
        } catch (IOException e) {
            closeQuietly(c);
            throw e;
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
