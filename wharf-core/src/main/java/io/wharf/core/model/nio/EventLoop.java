package io.wharf.core.model.nio;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One thread running a {@link Selector}: it dispatches ready keys to their {@link Selectable} attachment,
 * then runs due timers and queued tasks, in the spirit of Redis' {@code ae.c}. Each iteration is:
 * select (blocking until I/O, a task, or the next timer), dispatch, timers, tasks.
 *
 * <p>Threading: {@link #execute} and {@link #shutdown} are safe from any thread. {@link #schedule},
 * {@link #selector} registration and {@link #readBuffer} belong to the loop thread. A task submitted from
 * another thread wakes the selector only if the loop may be blocked in it ({@code wakenUp}, as in Netty),
 * so a burst of submissions costs one {@code wakeup()} syscall, and tasks submitted by the loop itself none.
 */
final class EventLoop {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    /** Reads land here; one per loop because only one connection reads at a time. */
    private static final int READ_BUFFER_SIZE = 64 * 1024;
    /** Tasks per iteration, so a task storm cannot starve I/O; the rest run next iteration. */
    private static final int MAX_TASKS_PER_ITERATION = 1024;

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** False only while the loop may block in select: then a foreign submitter must wake it. */
    private final AtomicBoolean wakenUp = new AtomicBoolean(true);
    private final AtomicLong iterations = new AtomicLong();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    /** Kept in a field: a method reference evaluated per select would allocate. */
    private final Consumer<SelectionKey> dispatch = EventLoop::dispatch;
    private volatile boolean stopping;
    private long timerSeq;

    EventLoop(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::run, name);
    }

    void start() {
        thread.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    Selector selector() {
        return selector;
    }

    /** The loop's read buffer; valid until the reader returns to the loop. Loop thread only. */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** Runs {@code task} on the loop thread, after the tasks already queued. Tasks after shutdown are dropped. */
    void execute(Runnable task) {
        tasks.offer(task);
        if (!inLoop() && !wakenUp.get() && wakenUp.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Runs {@code task} on the loop in {@code delayMillis} or a little later. Loop thread only. */
    void schedule(long delayMillis, Runnable task) {
        timers.add(new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis), timerSeq++, task));
    }

    /** Asks the loop to stop: it runs the queued tasks, closes what is still registered, and exits. */
    void shutdown() {
        stopping = true;
        selector.wakeup();
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    long iterations() {
        return iterations.get();
    }

    private void run() {
        try {
            while (!stopping) {
                try {
                    iterate();
                } catch (ClosedSelectorException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    // one bad key or task must not take every other connection down with the loop
                    log.warn("{}: unexpected error in event loop: {}", thread.getName(), e.toString(), e);
                }
            }
        } finally {
            stop();
        }
    }

    private void iterate() throws IOException {
        wakenUp.set(false);
        // the volatile write above orders this check after it: a task offered later wakes the selector
        if (!tasks.isEmpty() || stopping) {
            selector.selectNow(dispatch);
        } else {
            selector.select(dispatch, timeoutMillis());
        }
        wakenUp.lazySet(true);
        iterations.lazySet(iterations.get() + 1);
        runTimers();
        runTasks();
    }

    private static void dispatch(SelectionKey key) {
        if (key.isValid()) {
            ((Selectable) key.attachment()).ready(key);
        }
    }

    /** Until the next timer, rounded up; 0 (no timeout) when none is set. */
    private long timeoutMillis() {
        Timer next = timers.peek();
        if (next == null) {
            return 0;
        }
        long nanos = next.deadline - System.nanoTime();
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    private void runTimers() {
        if (timers.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().deadline - now <= 0) {
            safely(timers.poll().task);
        }
    }

    private int runTasks() {
        int n = 0;
        Runnable task;
        while (n < MAX_TASKS_PER_ITERATION && (task = tasks.poll()) != null) {
            safely(task);
            n++;
        }
        return n;
    }

    private void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("{}: task failed: {}", thread.getName(), e.toString(), e);
        }
    }

    /** Runs what was queued before the stop (e.g. the server's aborts), then closes every channel left. */
    private void stop() {
        drainTasks();
        if (!selector.isOpen()) {
            return;
        }
        for (SelectionKey key : List.copyOf(selector.keys())) {
            if (key.isValid() && key.attachment() instanceof Selectable s) {
                try {
                    s.loopStopping();
                } catch (RuntimeException e) {
                    log.warn("{}: closing a channel failed: {}", thread.getName(), e.toString(), e);
                }
            }
        }
        drainTasks();
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("{}: closing selector: {}", thread.getName(), e.toString());
        }
    }

    private void drainTasks() {
        while (runTasks() > 0) {
            // closing connections queue their finish; keep going until nothing is left
        }
    }

    private record Timer(long deadline, long seq, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline - o.deadline, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
