package io.wharf.core.model.blocking;

import io.wharf.core.Engine;
import io.wharf.core.ServerContext;

import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Map;

/**
 * The {@code iterative} model: one thread accepts a client and serves it to the end, then accepts the
 * next. Everyone else waits in the kernel's accept backlog, which is the point it makes.
 *
 * <p>Threading: the engine's one thread, {@code wharf-iterative}, runs the accept loop and every handler.
 * {@link #stopAccepting} lets the client being served finish (a graceful drain); the thread then exits.
 */
public final class IterativeEngine implements Engine {

    private volatile Thread thread;
    private volatile AcceptLoop loop;

    @Override
    public void start(ServerSocketChannel listener, ServerContext context) {
        loop = new AcceptLoop(listener, context, channel -> BlockingConnection.serveReserved(context, channel));
        thread = Thread.ofPlatform().name("wharf-iterative").start(loop);
    }

    @Override
    public void stopAccepting() {
        AcceptLoop l = loop;
        if (l != null) {
            l.stop();
        }
    }

    /** The client still served, if any, was aborted by the server, so the thread is on its way out. */
    @Override
    public void close() {
        Thread t = thread;
        if (t != null) {
            Threads.joinAll(List.of(t), Threads.deadline());
        }
    }

    @Override
    public Map<String, Long> gauges() {
        Thread t = thread;
        return Map.of("threads_alive", t != null && t.isAlive() ? 1L : 0L);
    }
}
