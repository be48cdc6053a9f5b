package io.wharf.core.model.blocking;

import io.wharf.core.spi.CloseReason;
import io.wharf.core.Engine;
import io.wharf.core.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * The {@code pool} model: a fixed pool of {@code thread_pool_size} platform workers, each serving one
 * connection at a time to the end, fed through a bounded queue of {@code queue_size} accepted sockets. The
 * acceptor waits up to {@code enqueue_timeout} for queue space; a client still without a place after that
 * gets the protocol's busy reply. A queued client holds a {@code max_connections} slot but is not yet
 * open: its connection is created by the worker that takes it.
 *
 * <p>Threading: the acceptor ({@code wharf-acceptor}) only queues sockets; workers ({@code wharf-worker-N})
 * run the handlers. {@link #close} interrupts the workers and closes the sockets still queued.
 */
public final class PoolEngine implements Engine {

    private static final Logger log = LoggerFactory.getLogger(PoolEngine.class);

    private volatile List<Thread> workers = List.of();
    private volatile BlockingQueue<SocketChannel> queue = new SynchronousQueue<>();
    private volatile ServerContext context;
    private volatile Thread acceptor;
    private volatile AcceptLoop loop;
    private volatile boolean closed;

    @Override
    public void start(ServerSocketChannel listener, ServerContext context) {
        this.context = context;
        int queueSize = context.settings().queueSize();
        // queue_size 0 is a direct hand-off: a client waits only for a free worker
        queue = queueSize > 0 ? new ArrayBlockingQueue<>(queueSize) : new SynchronousQueue<>();
        int size = Math.max(1, context.settings().threadPoolSize());
        List<Thread> started = new ArrayList<>(size);
        for (int i = 1; i <= size; i++) {
            started.add(Thread.ofPlatform().name("wharf-worker-" + i).start(this::work));
        }
        workers = List.copyOf(started);
        loop = new AcceptLoop(listener, context, this::enqueue);
        acceptor = Thread.ofPlatform().name("wharf-acceptor").start(loop);
    }

    private void enqueue(SocketChannel channel) {
        long timeout = context.settings().enqueueTimeout().toNanos();
        boolean queued;
        try {
            queued = queue.offer(channel, timeout, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // the engine is closing
            Thread.currentThread().interrupt();
            context.connections().release();
            AcceptLoop.close(channel);
            return;
        }
        if (!queued) {
            context.connections().release();
            context.connections().refuse(channel, CloseReason.REFUSED_BUSY, "all workers busy");
        }
    }

    private void work() {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                BlockingConnection.serveReserved(context, channel);
            } catch (RuntimeException e) {
                // the worker outlives a bug in one connection, or the pool would shrink for good
                context.stats().error();
                log.error("{} failed serving a connection: {}", Thread.currentThread().getName(), e.toString(), e);
            }
        }
    }

    @Override
    public void stopAccepting() {
        AcceptLoop l = loop;
        if (l != null) {
            l.stop();
        }
    }

    @Override
    public void close() {
        closed = true;
        long deadline = Threads.deadline();
        List<Thread> threads = new ArrayList<>(workers);
        Thread a = acceptor;
        if (a != null) {
            threads.add(a);
        }
        threads.forEach(Thread::interrupt);
        Threads.joinAll(threads, deadline);
        // accepted but never served: give their slots back
        for (SocketChannel channel; context != null && (channel = queue.poll()) != null; ) {
            context.connections().release();
            AcceptLoop.close(channel);
        }
    }

    @Override
    public Map<String, Long> gauges() {
        long alive = workers.stream().filter(Thread::isAlive).count();
        Thread a = acceptor;
        if (a != null && a.isAlive()) {
            alive++;
        }
        return Map.of("threads_alive", alive, "queue_depth", (long) queue.size());
    }
}
