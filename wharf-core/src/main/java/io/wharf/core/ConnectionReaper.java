package io.wharf.core;

import io.wharf.core.spi.CloseReason;

import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Closes connections that outstay the limits, for every model alike: idle past {@code idle_timeout}, or
 * with output that made no progress for {@code write_timeout} (a client that stopped reading), or past a
 * deadline its protocol set ({@link io.wharf.core.spi.Connection#deadline}). One daemon
 * thread per host scans every listener's registry twice a second; a scan of 10,000 connections costs microseconds.
 *
 * <p>Threading: its own thread; it only calls the thread-safe {@code close}/{@code abort}.
 */
final class ConnectionReaper implements AutoCloseable {

    private final Supplier<Collection<ServerContext>> listeners;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wharf-reaper");
        t.setDaemon(true);
        return t;
    });

    /** @param listeners the contexts to scan, read anew at every scan (listeners come and go) */
    ConnectionReaper(Supplier<Collection<ServerContext>> listeners) {
        this.listeners = listeners;
        timer.scheduleWithFixedDelay(this::scan, 500, 500, TimeUnit.MILLISECONDS);
    }

    private void scan() {
        for (ServerContext context : listeners.get()) {
            try {
                scan(context);
            } catch (RuntimeException e) {
                // a failed scan must not end the timer, which would stop reaping for every listener
                org.slf4j.LoggerFactory.getLogger(ConnectionReaper.class).warn("reaper scan failed: {}", e.toString(), e);
            }
        }
    }

    private static void scan(ServerContext context) {
        Limits limits = context.limits();
        long now = System.nanoTime();
        long idle = limits.idleTimeout().toNanos();
        long write = limits.writeTimeout().toNanos();
        for (AbstractConnection c : context.connections().snapshot()) {
            if (c.pastDeadline(now)) {
                c.abort(c.deadlineCause(), c.deadlineReason());
            } else if (write > 0 && c.stalledNanos(now) > write) {
                c.abort(CloseReason.WRITE_TIMEOUT, "write timeout: no output progress for "
                        + limits.writeTimeout().toSeconds() + "s");
            } else if (idle > 0 && c.idleNanos(now) > idle) {
                byte[] notice = context.service().closeNotice(CloseReason.IDLE_TIMEOUT);
                if (notice != null) {
                    c.write(notice);
                }
                c.close(CloseReason.IDLE_TIMEOUT, "idle timeout");
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
