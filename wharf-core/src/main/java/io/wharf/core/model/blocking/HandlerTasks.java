package io.wharf.core.model.blocking;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The tasks a {@link BlockingConnection}'s handler hands it ({@code execute}): the owner may be blocked in a
 * read that only the client can end, so they run, in order, on a virtual thread of their own, started when
 * the first is queued and gone once none is left. That thread holds the handler's {@code turn} while it
 * runs them, so a task never runs alongside another handler callback.
 *
 * <p>Threading: {@link #execute} from any thread; at most one runner thread at a time, which calls
 * {@link BlockingConnection#runTask} for each task with {@code turn} held.
 */
final class HandlerTasks {

    private final BlockingConnection connection;
    /** Held by whoever runs a handler callback: the owner, but for its waits, or this runner. */
    private final ReentrantLock turn;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** A virtual thread is running (or about to run) the queued tasks. */
    private final AtomicBoolean running = new AtomicBoolean();

    HandlerTasks(BlockingConnection connection, ReentrantLock turn) {
        this.connection = connection;
        this.turn = turn;
    }

    /** Queues {@code task} for the runner, starting one if none is running. */
    void execute(Runnable task) {
        tasks.add(task);
        if (running.compareAndSet(false, true)) {
            Thread.ofVirtual().name("wharf-conn#" + connection.id() + "-task").start(this::runAll);
        }
    }

    private void runAll() {
        turn.lock();
        try {
            do {
                for (Runnable t; (t = tasks.poll()) != null; ) {
                    connection.runTask(t);
                }
                running.set(false);
                // a task queued after the last poll but before the flag fell is still this thread's to run
            } while (!tasks.isEmpty() && running.compareAndSet(false, true));
        } finally {
            turn.unlock();
        }
    }
}
