package io.wharf.core.model.nio;

import io.wharf.core.AcceptFailures;
import io.wharf.core.Engine;
import io.wharf.core.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code reactor} model: an acceptor thread (blocking {@code accept()}) deals connections round-robin
 * to {@code event_loops} {@link EventLoop}s, and a pool of {@code worker_threads} runs the work handlers
 * {@link io.wharf.core.spi.Connection#offload offload}, so slow work does not stall a loop. The loops use
 * every core; the price is hand-offs between threads.
 *
 * <p>The worker queue is unbounded: its depth is the {@code worker_queue_depth} gauge, and what bounds it
 * is each client waiting for its answer.
 *
 * <p>Threading: as {@link Engine}; a connection lives on one loop for its whole life.
 */
public final class ReactorEngine implements Engine {

    private static final Logger log = LoggerFactory.getLogger(ReactorEngine.class);
    private static final long STOP_WAIT_MILLIS = 5_000;

    private volatile EventLoop[] loops = new EventLoop[0];
    private volatile ThreadPoolExecutor workers;
    private volatile Thread acceptor;
    private volatile boolean accepting;

    @Override
    public void start(ServerSocketChannel listener, ServerContext context) throws IOException {
        int n = Math.max(1, context.settings().eventLoops());
        int w = Math.max(1, context.settings().workerThreads());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(w, w, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), named("wharf-reactor-worker-"));
        pool.prestartAllCoreThreads();
        workers = pool;
        EventLoop[] ls = new EventLoop[n];
        try {
            for (int i = 0; i < n; i++) {
                ls[i] = new EventLoop("wharf-reactor-loop-" + i);
            }
            listener.configureBlocking(true);
        } catch (IOException e) {
            for (EventLoop l : ls) {
                if (l != null) {
                    l.selector().close();
                }
            }
            pool.shutdownNow();
            throw e;
        }
        for (EventLoop l : ls) {
            l.start();
        }
        loops = ls;
        accepting = true;
        Thread t = new Thread(() -> accept(listener, context, ls, pool), "wharf-reactor-acceptor");
        acceptor = t;
        t.start();
    }

    private void accept(ServerSocketChannel listener, ServerContext context, EventLoop[] ls,
                        ThreadPoolExecutor pool) {
        AcceptFailures failures = new AcceptFailures(context);
        int next = 0;
        while (accepting) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                if (!accepting) {
                    return;
                }
                switch (failures.failed(e)) {
                    case RETRY_NOW -> {
                        continue;
                    }
                    case BACK_OFF -> {
                        // only this thread waits: the loops keep serving open connections
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(failures.backoffMillis()));
                        continue;
                    }
                    default -> {
                        return;
                    }
                }
            }
            failures.succeeded();
            if (Admission.admit(channel, context)) {
                EventLoop loop = ls[next];
                next = next + 1 == ls.length ? 0 : next + 1;
                loop.execute(() -> NioConnection.open(loop, channel, context, pool));
            }
        }
    }

    @Override
    public void stopAccepting() {
        accepting = false;
        Thread t = acceptor;
        if (t != null) {
            // ends a backoff pause; a blocked accept() ends when the server closes the listener
            LockSupport.unpark(t);
        }
    }

    @Override
    public void close() {
        accepting = false;
        try {
            Thread t = acceptor;
            if (t != null) {
                LockSupport.unpark(t);
                t.join(STOP_WAIT_MILLIS);
            }
            ThreadPoolExecutor pool = workers;
            if (pool != null) {
                pool.shutdownNow();
            }
            for (EventLoop l : loops) {
                l.shutdown();
            }
            for (EventLoop l : loops) {
                if (!l.awaitTermination(STOP_WAIT_MILLIS)) {
                    log.warn("event loop did not stop within {}ms: a handler is blocking it", STOP_WAIT_MILLIS);
                }
            }
            if (pool != null && !pool.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                log.warn("worker pool did not stop within {}ms: offloaded work ignores interrupts",
                        STOP_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Map<String, Long> gauges() {
        long alive = 0;
        long iterations = 0;
        for (EventLoop l : loops) {
            alive += l.isAlive() ? 1 : 0;
            iterations += l.iterations();
        }
        Thread t = acceptor;
        alive += t != null && t.isAlive() ? 1 : 0;
        ThreadPoolExecutor pool = workers;
        long queued = 0;
        if (pool != null) {
            alive += pool.getPoolSize();
            queued = pool.getQueue().size();
        }
        return Map.of("threads_alive", alive, "loop_iterations", iterations, "worker_queue_depth", queued);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> new Thread(r, prefix + n.getAndIncrement());
    }
}
