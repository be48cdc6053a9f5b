package io.wharf.core.model.nio;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of the non-blocking models, shared by every listener of a host that runs under the model: the
 * {@code event} group is one loop; the {@code reactor} group is {@code event_loops} loops and a pool of
 * {@code worker_threads} for the work handlers {@link io.wharf.core.spi.Connection#offload offload}. Ten
 * listeners on a reactor are ten acceptors on these loops, not ten sets of threads.
 *
 * <p>The worker queue is unbounded: its depth is the {@code worker_queue_depth} gauge, and what bounds it is
 * each client waiting for its answer (its connection reads nothing meanwhile).
 *
 * <p>Threading: {@link #nextLoop} and {@link #acceptorLoop} from any thread (round-robin counters);
 * {@link #close} once, by the host, after every listener on it is closed.
 */
public final class LoopGroup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoopGroup.class);
    private static final long STOP_WAIT_MILLIS = 5_000;
    /** The socket I/O in use is logged once per process, with the first group. */
    private static final java.util.concurrent.atomic.AtomicBoolean IO_LOGGED = new java.util.concurrent.atomic.AtomicBoolean();

    private final EventLoop[] loops;
    /** Null for the event model: offloaded work runs inline on the loop. */
    private final ThreadPoolExecutor workers;
    private final AtomicInteger nextConnection = new AtomicInteger();
    private final AtomicInteger nextAcceptor = new AtomicInteger();

    private LoopGroup(EventLoop[] loops, ThreadPoolExecutor workers) {
        this.loops = loops;
        this.workers = workers;
    }

    /** The {@code event} model: one loop that accepts and serves everything, no worker pool. */
    public static LoopGroup event() throws IOException {
        return start(new EventLoop[] {new EventLoop("wharf-event-loop")}, null);
    }

    /** The {@code reactor} model: {@code loops} loops and {@code workerThreads} workers. */
    public static LoopGroup reactor(int loops, int workerThreads) throws IOException {
        int n = Math.max(1, loops);
        EventLoop[] ls = new EventLoop[n];
        try {
            for (int i = 0; i < n; i++) {
                ls[i] = new EventLoop("wharf-reactor-loop-" + i);
            }
        } catch (IOException e) {
            for (EventLoop l : ls) {
                if (l != null) {
                    l.selector().close();
                }
            }
            throw e;
        }
        int w = Math.max(1, workerThreads);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(w, w, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), named("wharf-reactor-worker-"));
        pool.prestartAllCoreThreads();
        return start(ls, pool);
    }

    private static LoopGroup start(EventLoop[] loops, ThreadPoolExecutor workers) {
        if (!IO_LOGGED.getAndSet(true)) {
            log.info("socket I/O of the event loops: {}", io.wharf.core.SocketIo.describe());
        }
        for (EventLoop l : loops) {
            l.start();
        }
        return new LoopGroup(loops, workers);
    }

    /** The loop a new connection lives on, round-robin. */
    EventLoop nextLoop() {
        return loops.length == 1 ? loops[0] : loops[Math.floorMod(nextConnection.getAndIncrement(), loops.length)];
    }

    /** The loop a new listener accepts on, round-robin, so several listeners spread their accepting. */
    EventLoop acceptorLoop() {
        return loops[Math.floorMod(nextAcceptor.getAndIncrement(), loops.length)];
    }

    /** Where offloaded work runs; null runs it inline. */
    Executor workers() {
        return workers;
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
        for (EventLoop l : loops) {
            l.shutdown();
        }
        try {
            for (EventLoop l : loops) {
                if (!l.awaitTermination(STOP_WAIT_MILLIS)) {
                    log.warn("event loop did not stop within {}ms: a handler is blocking it", STOP_WAIT_MILLIS);
                }
            }
            if (workers != null && !workers.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                log.warn("worker pool did not stop within {}ms: offloaded work ignores interrupts", STOP_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code threads_alive}, {@code loop_iterations} and, with a worker pool, {@code worker_queue_depth}. */
    public Map<String, Long> gauges() {
        long alive = 0;
        long iterations = 0;
        for (EventLoop l : loops) {
            alive += l.isAlive() ? 1 : 0;
            iterations += l.iterations();
        }
        if (workers == null) {
            return Map.of("threads_alive", alive, "loop_iterations", iterations);
        }
        return Map.of("threads_alive", alive + workers.getPoolSize(), "loop_iterations", iterations,
                "worker_queue_depth", (long) workers.getQueue().size());
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> new Thread(r, prefix + n.getAndIncrement());
    }
}
