package io.wharf.core.model.nio;

import io.wharf.core.Engine;
import io.wharf.core.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;

/**
 * The {@code event} model: one platform thread runs one {@link EventLoop} that accepts and serves every
 * connection, all non-blocking. Nothing is shared between threads on the hot path, so it is fast until one
 * core is saturated; the price is that a handler that blocks stalls every client, and offloaded work runs
 * inline on the loop.
 *
 * <p>Threading: as {@link Engine}; the connections live on the loop thread.
 */
public final class EventEngine implements Engine {

    private static final Logger log = LoggerFactory.getLogger(EventEngine.class);
    private static final long STOP_WAIT_MILLIS = 5_000;

    private volatile EventLoop loop;
    private LoopAcceptor acceptor;

    @Override
    public void start(ServerSocketChannel listener, ServerContext context) throws IOException {
        EventLoop l = new EventLoop("wharf-event-loop");
        LoopAcceptor a = new LoopAcceptor(listener, context, l);
        try {
            a.register();
        } catch (IOException e) {
            l.selector().close();
            throw e;
        }
        acceptor = a;
        loop = l;
        l.start();
    }

    @Override
    public void stopAccepting() {
        EventLoop l = loop;
        if (l != null) {
            l.execute(acceptor::stop);
        }
    }

    @Override
    public void close() {
        EventLoop l = loop;
        if (l == null) {
            return;
        }
        l.shutdown();
        try {
            if (!l.awaitTermination(STOP_WAIT_MILLIS)) {
                log.warn("event loop did not stop within {}ms: a handler is blocking it", STOP_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Map<String, Long> gauges() {
        EventLoop l = loop;
        if (l == null) {
            return Map.of("threads_alive", 0L, "loop_iterations", 0L);
        }
        return Map.of("threads_alive", l.isAlive() ? 1L : 0L, "loop_iterations", l.iterations());
    }
}
