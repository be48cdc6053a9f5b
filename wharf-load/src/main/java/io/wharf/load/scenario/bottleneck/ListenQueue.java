package io.wharf.load.scenario.bottleneck;

import io.wharf.core.ProcFs;
import java.nio.file.Path;

/**
 * The accept queue of the listening socket on a port, from {@code /proc/net/tcp} and {@code tcp6}: for a socket
 * in LISTEN, {@code rx_queue} is the connections waiting for {@code accept()} and {@code tx_queue} the backlog it
 * may hold (what {@code ss -ltn} shows as Recv-Q and Send-Q). Stateless.
 */
final class ListenQueue {

    /** Waiting connections and the backlog; both -1 when no listener on the port is visible here. */
    record Depth(long queued, long backlog) {
        static final Depth NONE = new Depth(-1, -1);

        boolean full() {
            return backlog >= 0 && queued > 0 && queued >= backlog;
        }
    }

    private ListenQueue() {
    }

    static Depth of(int port) {
        Depth best = Depth.NONE;
        for (String file : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Depth d = parse(ProcFs.read(Path.of(file)), port);
            if (d.queued() > best.queued()) {
                best = d;
            }
        }
        return best;
    }

    /** The fullest LISTEN socket on {@code port} in one file's text. */
    static Depth parse(String text, int port) {
        Depth best = Depth.NONE;
        String hexPort = String.format(":%04X", port);
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || !f[1].endsWith(hexPort) || !f[3].equals("0A")) {
                continue;
            }
            String[] queues = f[4].split(":");
            try {
                Depth d = new Depth(Long.parseLong(queues[1], 16), Long.parseLong(queues[0], 16));
                if (d.queued() > best.queued()) {
                    best = d;
                }
            } catch (RuntimeException e) {
                // a line we do not understand
            }
        }
        return best;
    }
}
