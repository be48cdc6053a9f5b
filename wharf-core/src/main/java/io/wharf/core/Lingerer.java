package io.wharf.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Does the lingering of every lingering close of a host ({@link Lingering}), whatever the model: one thread
 * with its own selector, started on first use, so a lingering connection costs no thread of its own and
 * never holds an event loop, an accept loop or a pool worker. A socket handed over has its output shut down
 * already; the lingerer reads and drops its input until end-of-stream, {@code timeout} without input, or
 * {@code time} in all, then closes it and runs its {@code done}.
 *
 * <p>Bounded by its callers: a lingering connection keeps its {@code max_connections} slot until {@code done},
 * and refused sockets are capped per listener ({@link ConnectionRegistry}).
 *
 * <p>Threading: {@link #linger} and {@link #close} are safe from any thread; the rest runs on its thread.
 */
final class Lingerer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Lingerer.class);
    /** How often deadlines are checked while anything lingers: the timeouts are that much late at most. */
    private static final long TICK_MILLIS = 100;
    private static final int MAX_READS = 16;

    private final ConcurrentLinkedQueue<Entry> incoming = new ConcurrentLinkedQueue<>();
    private final ByteBuffer sink = ByteBuffer.allocateDirect(16 * 1024);
    private Selector selector;
    private Thread thread;
    private volatile boolean closed;

    private static final class Entry {
        final SocketChannel channel;
        final long endNanos;
        final long timeoutNanos;
        final Runnable done;
        long lastReadNanos;

        Entry(SocketChannel channel, Lingering l, Runnable done) {
            this.channel = channel;
            this.lastReadNanos = System.nanoTime();
            this.endNanos = lastReadNanos + l.time().toNanos();
            this.timeoutNanos = l.timeout().toNanos();
            this.done = done;
        }
    }

    /**
     * Shuts {@code channel}'s output down (the client gets end-of-stream after what was written) and lingers
     * on it as {@code l} says, then closes it and runs {@code done}. False when it cannot (stopped, or the
     * socket is closed already): the caller closes the socket, and {@code done} is not run.
     */
    boolean linger(SocketChannel channel, Lingering l, Runnable done) {
        if (closed) {
            return false;
        }
        try {
            channel.shutdownOutput();
            channel.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            return false; // the client is gone already: nothing to linger for
        }
        if (!start()) {
            return false;
        }
        incoming.add(new Entry(channel, l, done));
        selector.wakeup();
        return true;
    }

    private synchronized boolean start() {
        if (closed) {
            return false;
        }
        if (thread == null) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                log.warn("cannot open the lingering selector, closing at once: {}", e.toString());
                return false;
            }
            thread = new Thread(this::run, "wharf-lingerer");
            thread.setDaemon(true);
            thread.start();
        }
        return true;
    }

    private void run() {
        try {
            while (!closed) {
                register();
                if (selector.keys().isEmpty()) {
                    selector.select(this::ready);
                } else {
                    selector.select(this::ready, TICK_MILLIS);
                    expire(System.nanoTime());
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            log.warn("lingering stopped: {}", e.toString());
        } finally {
            stopAll();
        }
    }

    private void register() {
        Entry e;
        while ((e = incoming.poll()) != null) {
            try {
                e.channel.register(selector, SelectionKey.OP_READ, e);
            } catch (IOException | RuntimeException ex) {
                end(e, null);
            }
        }
    }

    private void ready(SelectionKey key) {
        Entry e = (Entry) key.attachment();
        for (int i = 0; i < MAX_READS; i++) {
            sink.clear();
            int n;
            try {
                n = e.channel.read(sink);
            } catch (IOException ex) {
                end(e, key); // a reset from the client: it has stopped sending
                return;
            }
            if (n < 0) {
                end(e, key); // the client closed: the reply was read
                return;
            }
            if (n == 0) {
                return;
            }
            e.lastReadNanos = System.nanoTime();
        }
    }

    private void expire(long now) {
        for (SelectionKey key : List.copyOf(selector.keys())) {
            Entry e = (Entry) key.attachment();
            if (key.isValid() && (now - e.endNanos >= 0 || now - e.lastReadNanos >= e.timeoutNanos)) {
                end(e, key);
            }
        }
    }

    private static void end(Entry e, SelectionKey key) {
        if (key != null) {
            key.cancel();
        }
        try {
            e.channel.close();
        } catch (IOException ignored) {
            // closing is all that was left to do
        }
        try {
            e.done.run();
        } catch (RuntimeException ex) {
            log.warn("after lingering: {}", ex.toString(), ex);
        }
    }

    private void stopAll() {
        try {
            for (SelectionKey key : List.copyOf(selector.keys())) {
                end((Entry) key.attachment(), key);
            }
            selector.close();
        } catch (IOException | ClosedSelectorException e) {
            log.debug("closing the lingering selector: {}", e.toString());
        }
        Entry e;
        while ((e = incoming.poll()) != null) {
            end(e, null);
        }
    }

    /** Closes every lingering socket and stops the thread. */
    @Override
    public synchronized void close() {
        closed = true;
        if (selector != null) {
            selector.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Entry e;
        while ((e = incoming.poll()) != null) {
            end(e, null);
        }
    }
}
