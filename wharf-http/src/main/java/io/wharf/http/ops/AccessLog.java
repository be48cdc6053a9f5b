package io.wharf.http.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The access log ({@code access_log}): one Combined Log Format line per request (see {@link AccessLogFormat}), or
 * one JSON object per line with the request's trace ids ({@link AccessLogJson}), or nothing at all ({@link #off()}).
 *
 * <p>{@link #log} never blocks and never does I/O, so an event loop may call it: it appends the record to a
 * bounded lock-free queue, and one background thread formats the lines into a {@link BufferedWriter}, flushed
 * within a second of the first unflushed line and on {@link #close()}. When the queue is full (the disk cannot
 * keep up, or the writer is stuck), the record is dropped and counted in {@link #dropped()}: losing log lines
 * beats stalling the server. A failing write is logged once per episode, its lines counted as dropped.
 *
 * <p>Threading: {@link #log} and {@link #dropped} are safe from any thread. {@link #close} is called once by
 * the server's owner; records logged while it runs may be lost.
 */
public final class AccessLog implements AutoCloseable {

    static final int DEFAULT_CAPACITY = 16_384;
    private static final Logger logger = LoggerFactory.getLogger("wharf.http.access");
    private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final AccessRecord POISON = new AccessRecord("", "", Instant.EPOCH, "", 0, 0, "", "");
    private static final AccessLog OFF = new AccessLog();

    private final ConcurrentLinkedQueue<AccessRecord> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final int capacity;
    private final Writer out;
    private final java.util.function.Function<AccessRecord, String> format;
    private final long flushIntervalNanos;
    private final Thread writer;
    private volatile boolean parked;

    private AccessLog() {
        this.capacity = 0;
        this.out = null;
        this.format = null;
        this.flushIntervalNanos = 0;
        this.writer = null;
        closed.set(true);
    }

    AccessLog(Writer sink, int capacity, ZoneId zone, Duration flushInterval) {
        this(sink, capacity, zone, flushInterval, false);
    }

    /** {@code json}: one JSON object per line ({@link AccessLogJson}) instead of Combined Log Format. */
    AccessLog(Writer sink, int capacity, ZoneId zone, Duration flushInterval, boolean json) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.out = new BufferedWriter(Objects.requireNonNull(sink, "sink"), 64 * 1024);
        this.format = json ? new AccessLogJson()::format : new AccessLogFormat(zone)::format;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.writer = Thread.ofPlatform().name("wharf-access-log").daemon().unstarted(this::drain);
        writer.start();
    }

    /** Appends to {@code file} (created if missing), with timestamps in the system time zone, as nginx does. */
    public static AccessLog open(Path file) throws IOException {
        return open(file, false);
    }

    /** {@link #open(Path)}, in JSON lines when {@code json} ({@code access_log_format = json}). */
    public static AccessLog open(Path file, boolean json) throws IOException {
        // Lines are ASCII by construction (AccessLogFormat escapes the rest); the buffering is ours.
        Writer sink = new OutputStreamWriter(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), StandardCharsets.US_ASCII);
        return new AccessLog(sink, DEFAULT_CAPACITY, ZoneId.systemDefault(), FLUSH_INTERVAL, json);
    }

    /** {@code access_log off}: logs nothing, costs nothing. */
    public static AccessLog off() {
        return OFF;
    }

    public boolean enabled() {
        return writer != null;
    }

    /** Queues one line; returns at once. Dropped (and counted) when the queue is full or the log is closed. */
    public void log(AccessRecord record) {
        if (writer == null) {
            return;
        }
        if (closed.get()) {
            dropped.increment();
            return;
        }
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.offer(record);
        // Dekker-style handshake with drain(): it sets parked, then re-checks the queue before parking.
        if (parked) {
            LockSupport.unpark(writer);
        }
    }

    /** Lines lost so far: queue full, write failures, or logged after close. */
    public long dropped() {
        return dropped.sum();
    }

    /** Writes out every queued line, flushes and closes the file; waits up to 5 s for a stuck disk. */
    @Override
    public void close() {
        if (writer == null || !closed.compareAndSet(false, true)) {
            return;
        }
        queue.offer(POISON);
        LockSupport.unpark(writer);
        try {
            if (!writer.join(CLOSE_TIMEOUT)) {
                logger.warn("access log writer still stuck after {}s; unwritten lines are lost",
                        CLOSE_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        long dirtySince = 0;
        boolean dirty = false;
        boolean failing = false;
        while (true) {
            AccessRecord r = queue.poll();
            if (r == POISON) {
                flush(failing);
                closeQuietly();
                return;
            }
            if (r != null) {
                pending.decrementAndGet();
                try {
                    out.write(format.apply(r));
                    out.write('\n');
                    if (!dirty) {
                        dirty = true;
                        dirtySince = System.nanoTime();
                    }
                } catch (IOException | RuntimeException e) {
                    dropped.increment();
                    failing = failed(failing, e);
                }
            }
            long waited = System.nanoTime() - dirtySince;
            if (dirty && waited >= flushIntervalNanos) {
                failing = flush(failing);
                dirty = false;
            }
            if (r == null) {
                parked = true;
                if (queue.isEmpty()) {
                    if (dirty) {
                        LockSupport.parkNanos(this, flushIntervalNanos - waited);
                    } else {
                        LockSupport.park(this);
                    }
                }
                parked = false;
            }
        }
    }

    /** Returns whether writing is failing after this flush. */
    private boolean flush(boolean failing) {
        try {
            out.flush();
            if (failing) {
                logger.info("access log writable again");
            }
            return false;
        } catch (IOException e) {
            return failed(failing, e);
        }
    }

    private static boolean failed(boolean failing, Exception e) {
        if (!failing) {
            logger.error("cannot write the access log: {}; retrying, and dropping lines while it fails", e.toString());
        }
        return true;
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException e) {
            logger.warn("closing the access log: {}", e.toString());
        }
    }

    /** Records queued and not yet taken by the writer. */
    int pending() {
        return pending.get();
    }
}
