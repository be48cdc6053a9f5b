package io.wharf.core.model.process;

import io.wharf.core.spi.CloseReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM of a {@code process}-model listener, from its spawn to its exit: started by the
 * {@link SparePool} (as a spare, or for a connection that found none), it says {@link ConnectionChild#READY} on
 * stderr once its protocol service is up, waits for its one connection on its control channel (stdin), serves
 * it and exits. A virtual thread reads its stderr: the ready line, then its log, re-logged under the
 * connection's name once it has one.
 *
 * <p>Threading: {@link #state} is guarded by the pool's lock (its {@link SpareRoster}'s); the rest is written once
 * before the child is taken, or volatile. The stderr pump and the exit callback run on threads of their own.
 */
final class Child {

    private static final Logger log = LoggerFactory.getLogger("wharf.connections");

    enum State { STARTING, READY, TAKEN, RETIRED }

    private final Process process;
    private final OutputStream control;
    private final int generation;
    private final long spawnedNanos = System.nanoTime();
    private final Thread errPump;
    /** Guarded by the pool's lock. */
    State state = State.STARTING;
    /** Set when taken, under the pool's lock; read by the pumps. */
    private volatile Relay relay;
    /** The Unix-domain control socket the client's socket went over, when it did. */
    private volatile java.nio.channels.SocketChannel socketControl;
    private volatile long connectionId;
    private volatile long takenNanos;
    private volatile boolean takenReady;
    private volatile boolean readyLine;
    private volatile long startupNanos;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile String lastError = "";
    private volatile Map<String, Long> protocolCounters = Map.of();
    /** Why the child's connection ended, as it said; null until it did (or if it died first). */
    private volatile CloseReason closeReason;

    private Child(Process process, int generation, SparePool pool) {
        this.process = process;
        this.control = process.getOutputStream();
        this.generation = generation;
        this.errPump = Thread.ofVirtual().name("wharf-child-err-" + process.pid()).start(() -> pumpErr(pool));
    }

    /** Spawns a child; {@link #watchExit} once the pool has placed it. */
    static Child spawn(ProcessBuilder builder, int generation, SparePool pool) throws IOException {
        return new Child(builder.start(), generation, pool);
    }

    /** From now on its exit, however it comes (at once, if it is gone already), is reported to {@code pool}. */
    void watchExit(SparePool pool) {
        process.onExit().thenRun(() -> pool.exited(this));
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    int generation() {
        return generation;
    }

    Relay relay() {
        return relay;
    }

    /** Under the pool's lock: this child now serves connection {@code id}; {@code ready}: a ready spare. */
    void taken(Relay relay, long id, boolean ready) {
        this.relay = relay;
        this.connectionId = id;
        this.takenReady = ready;
        this.takenNanos = System.nanoTime();
    }

    /** It was a ready spare when its connection took it. */
    boolean takenReady() {
        return takenReady;
    }

    long connectionId() {
        return connectionId;
    }

    long takenNanos() {
        return takenNanos;
    }

    /** Spawn to ready, once ready. */
    long startupMillis() {
        return startupNanos / 1_000_000;
    }

    /** The control channel, stdin: the connection's assignment line, then (relayed) the client's bytes. */
    OutputStream control() {
        return control;
    }

    String lastError() {
        return lastError;
    }

    /** Waits a little for the stderr pump to finish, so the child's last lines (why it died) are logged. */
    void awaitLog() {
        try {
            errPump.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops a child that serves nobody: its control channel closes, which a waiting child takes as its cue to
     * exit; one that has not gone after {@code grace} is killed.
     */
    void retire(long graceMillis) {
        closeControl();
        Thread.ofVirtual().name("wharf-child-retire-" + process.pid()).start(() -> {
            try {
                if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        });
    }

    /** The client's socket goes over {@code unix}: it stays open while the child serves, as its lifeline. */
    void control(java.nio.channels.SocketChannel unix) {
        this.socketControl = unix;
    }

    /** Closes the control channels: a waiting child exits, a serving one ends its connection and exits. */
    void closeControl() {
        try {
            control.close();
        } catch (IOException ignored) {
            // the child is gone already
        }
        java.nio.channels.SocketChannel unix = socketControl;
        if (unix != null) {
            Handoff.closeQuietly(unix);
        }
    }

    /** Bytes from and to the client of a handed-over socket, as the child reported them (0 when relayed). */
    long bytesIn() {
        return bytesIn;
    }

    long bytesOut() {
        return bytesOut;
    }

    /** The protocol's counters the child reported as its connection ended ({@link ChildReport}); empty before. */
    /** Why the child said its connection ended; null when it did not say (it crashed or was killed). */
    CloseReason closeReason() {
        return closeReason;
    }

    Map<String, Long> protocolCounters() {
        return protocolCounters;
    }

    private void counts(String inOut) {
        String[] f = inOut.strip().split(" ");
        try {
            bytesIn = Long.parseLong(f[0]);
            bytesOut = Long.parseLong(f[1]);
        } catch (RuntimeException e) {
            log.debug("conn#{}: a bad byte count line from its child: {}", connectionId, inOut);
        }
    }

    private static CloseReason reason(String name) {
        try {
            return CloseReason.valueOf(name.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void pumpErr(SparePool pool) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null; ) {
                if (!readyLine && line.equals(ConnectionChild.READY)) {
                    readyLine = true;
                    startupNanos = System.nanoTime() - spawnedNanos;
                    pool.ready(this, startupNanos);
                } else if (line.startsWith(StdioConnection.BYTES)) {
                    counts(line.substring(StdioConnection.BYTES.length()));
                } else if (line.startsWith(ChildReport.CLOSED)) {
                    closeReason = reason(line.substring(ChildReport.CLOSED.length()));
                } else if (line.startsWith(ChildReport.PREFIX)) {
                    protocolCounters = StatsLine.counters(line.substring(ChildReport.PREFIX.length()));
                } else if (!line.isBlank()) {
                    if (!line.startsWith("\t")) {
                        lastError = line.strip();
                    }
                    long id = connectionId;
                    if (id != 0) {
                        log.info("conn#{} child: {}", id, line);
                    } else {
                        log.info("spare child pid {}: {}", process.pid(), line);
                    }
                }
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }
}
