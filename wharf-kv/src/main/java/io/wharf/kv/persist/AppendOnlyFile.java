package io.wharf.kv.persist;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append side of the AOF: records are appended in memory (under the key space's lock, so in lock order)
 * and one writer thread, {@code wharf-kv-aof}, writes them to the current incr file and syncs it as
 * {@code appendfsync} says.
 *
 * <p><b>Group commit.</b> The writer takes everything appended since its last turn, writes it with one
 * {@code write} and, under {@code always}, one {@code fsync}, then releases every client waiting for an
 * offset up to there ({@link #whenDurable}). Under {@code everysec} and {@code no} a reply waits for the
 * {@code write} only, as Redis writes before it replies: a crash of the process loses nothing acknowledged,
 * a crash of the machine what was not synced yet. While it syncs, other clients' writes gather for the next turn,
 * so one fsync covers a batch of writes from all clients, as Redis's one fsync per event-loop turn does.
 * Under {@code everysec} it syncs at most once a second (and within a second of the last write); under
 * {@code no} it leaves syncing to the kernel.
 *
 * <p><b>Rotation.</b> {@link #rotate} switches to a new incr file at the current offset (an AOF rewrite):
 * what was appended before goes to the old file, which is synced and closed, and what follows to the new.
 *
 * <p><b>Errors.</b> A failed write is cut back to where it started and retried each second; meanwhile
 * {@link #lastError} is set (INFO's {@code aof_last_write_status}, and write commands are refused with
 * {@code -MISCONF}), and waiting replies stay held, so nothing unwritten is ever acknowledged.
 *
 * <p>Threading: {@link #append} and {@link #rotate} are called under the key space's lock; the rest from
 * any thread. {@code lock} is held only to hand chunks over, never during I/O.
 */
public final class AppendOnlyFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppendOnlyFile.class);

    public enum Fsync { ALWAYS, EVERYSEC, NO }

    /** Work done on the writer thread before the first bytes go to a new file (making its manifest durable). */
    @FunctionalInterface
    public interface Prelude {
        void run() throws IOException;
    }

    /** Bytes bound for one file. */
    private static final class Chunk {
        final FileChannel target;
        Prelude prelude;
        byte[] bytes = new byte[4096];
        int length;

        Chunk(FileChannel target) {
            this.target = target;
        }

        void add(byte[] b, int off, int len) {
            if (length + len > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + len));
            }
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        }
    }

    /** Runs {@code then} once {@code offset} is written ({@code sync}: and synced). */
    private record Waiter(long offset, boolean sync, Runnable then) {
    }

    /** {@code appendfsync}; CONFIG SET changes it (a waiter registered under the old policy is still served). */
    private volatile Fsync fsync;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ArrayDeque<Chunk> pending = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final Thread writer;
    private FileChannel current;
    /** Changed under {@code lock} (by appends, which hold the key space's lock too); read without it. */
    private volatile long appended;
    private volatile long written;
    private volatile long synced;
    private volatile String lastError;
    private volatile long lastFsyncNanos = System.nanoTime();
    private boolean closing;
    /** The file the writer thread writes to (its own field). */
    private FileChannel writing;

    /** Appends to {@code file} (positioned at its end) from {@code offset}, the bytes it already holds. */
    public AppendOnlyFile(FileChannel file, Fsync fsync) {
        this.fsync = fsync;
        this.current = file;
        this.writing = file;
        this.writer = Thread.ofPlatform().name("wharf-kv-aof").daemon().start(this::run);
    }

    public Fsync fsync() {
        return fsync;
    }

    /** CONFIG SET appendfsync: from the next write on; the writer thread reads it every turn. */
    public void fsync(Fsync policy) {
        lock.lock();
        try {
            this.fsync = policy;
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Appends {@code len} bytes; returns the offset where they end. Under the key space's lock. */
    long append(byte[] b, int off, int len) {
        lock.lock();
        try {
            Chunk last = pending.peekLast();
            if (last == null || last.target != current) {
                last = new Chunk(current);
                pending.addLast(last);
            }
            last.add(b, off, len);
            appended += len;
            work.signal();
            return appended;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes appended so far (the offset the next record starts at). */
    long appended() {
        return appended;
    }

    /**
     * From now on records go to {@code next}; the old file is synced and closed once its bytes are written, and
     * {@code prelude} runs before anything is written to {@code next} (and before any reply waiting for it is
     * released). The writer switches at once, even if nothing is appended.
     */
    void rotate(FileChannel next, Prelude prelude) {
        lock.lock();
        try {
            current = next;
            Chunk switchTo = new Chunk(next);
            switchTo.prelude = prelude;
            pending.addLast(switchTo);
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * True when a reply for a write ending at {@code offset} must wait: until its fsync under {@code always},
     * until its {@code write} otherwise.
     */
    public boolean mustWait(long offset) {
        return offset > (fsync == Fsync.ALWAYS ? synced : written);
    }

    /**
     * Runs {@code then} once a reply for a write ending at {@code offset} may go ({@link #mustWait}): at once if
     * it may, else on the writer thread after the write (and under {@code always} the fsync) that covers it.
     */
    public void whenDurable(long offset, Runnable then) {
        when(offset, fsync == Fsync.ALWAYS, then);
    }

    private void when(long offset, boolean sync, Runnable then) {
        lock.lock();
        try {
            if (offset > (sync ? synced : written)) {
                waiters.add(new Waiter(offset, sync, then));
                work.signal();
                return;
            }
        } finally {
            lock.unlock();
        }
        then.run();
    }

    /** The error of the last failed write or fsync, or null when the last one succeeded. */
    public String lastError() {
        return lastError;
    }

    /** Bytes written to the files (synced or not). */
    public long written() {
        return written;
    }

    /** Writes and syncs everything appended so far (SHUTDOWN, close); waits up to 30 seconds. */
    public void flushAndSync() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        when(appended(), true, done::countDown);
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the AOF could not be synced within 30s: " + lastError);
        }
    }

    private void run() {
        long done = 0;
        for (;;) {
            List<Chunk> chunks = new ArrayList<>();
            boolean stop;
            lock.lock();
            try {
                while (pending.isEmpty() && !closing && !syncNeeded(done)) {
                    work.await(fsync == Fsync.EVERYSEC && done > synced ? 100 : 1000, TimeUnit.MILLISECONDS);
                }
                chunks.addAll(pending);
                pending.clear();
                stop = closing;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            int i = 0;
            try {
                for (; i < chunks.size(); i++) {
                    Chunk chunk = chunks.get(i);
                    if (chunk.target != writing) {
                        writing.force(false);
                        writing.close();
                        writing = chunk.target;
                    }
                    if (chunk.prelude != null) {
                        chunk.prelude.run();
                        chunk.prelude = null;
                    }
                    writeFully(chunk);
                    done += chunk.length;
                    written = done;
                }
                lock.lock();
                boolean sync;
                try {
                    sync = done > synced && (fsync == Fsync.ALWAYS || syncWaiter(done) || stop || syncDue());
                } finally {
                    lock.unlock();
                }
                if (sync) {
                    writing.force(false);
                    lastFsyncNanos = System.nanoTime();
                    synced = done;
                }
                lastError = null;
                release(done, synced);
                if (stop) {
                    closeFiles();
                    return;
                }
            } catch (IOException e) {
                if (lastError == null) {
                    LOG.error("writing the AOF failed: {}; retrying each second, write commands refused meanwhile",
                            e.toString());
                }
                lastError = e.getMessage() == null ? e.toString() : e.getMessage();
                lock.lock();
                try {
                    for (int j = chunks.size() - 1; j >= i; j--) {
                        pending.addFirst(chunks.get(j));
                    }
                } finally {
                    lock.unlock();
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private boolean syncDue() {
        return fsync == Fsync.EVERYSEC && System.nanoTime() - lastFsyncNanos >= TimeUnit.SECONDS.toNanos(1);
    }

    /** Under lock: written bytes are not synced and a waiter or the second of everysec wants them synced. */
    private boolean syncNeeded(long done) {
        if (done <= synced) {
            return false;
        }
        return syncDue() || syncWaiter(done);
    }

    /** Under lock: a waiter wants a sync that the bytes written cover. */
    private boolean syncWaiter(long done) {
        for (Waiter w : waiters) {
            if (w.sync() && w.offset() <= done) {
                return true;
            }
        }
        return false;
    }

    /** Writes the chunk, or on failure cuts the file back to where the chunk began (so a retry repeats it). */
    private void writeFully(Chunk chunk) throws IOException {
        long start = writing.position();
        ByteBuffer b = ByteBuffer.wrap(chunk.bytes, 0, chunk.length);
        try {
            while (b.hasRemaining()) {
                writing.write(b);
            }
        } catch (IOException e) {
            try {
                writing.truncate(start);
                writing.position(start);
            } catch (IOException ignored) {
                // the retry will fail and say so again
            }
            throw e;
        }
    }

    private void release(long done, long syncedNow) {
        List<Runnable> ready = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.offset() <= (w.sync() ? syncedNow : done)) {
                    ready.add(w.then());
                    it.remove();
                }
            }
        } finally {
            lock.unlock();
        }
        for (Runnable r : ready) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("releasing a reply after fsync failed", e);
            }
        }
    }

    private void closeFiles() throws IOException {
        writing.close();
        if (current != writing) {
            current.close();
        }
    }

    /** Writes and syncs what is pending, then stops the writer and closes the file. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
