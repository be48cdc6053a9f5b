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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code thread} and {@code virtual} models: a platform thread accepts, and each connection is served
 * by a thread of its own with blocking I/O, a platform thread ({@code wharf-conn-<id>}, about a megabyte
 * of stack reserved each) or a virtual thread (a few hundred bytes until it blocks).
 *
 * <p>Threading: the acceptor ({@code wharf-acceptor}) creates each connection and starts its thread; from
 * then on only that thread runs its handler. {@link #close} waits for the connection threads, which end
 * on their own because the server aborts every connection first.
 */
public final class ThreadPerConnectionEngine implements Engine {

    private static final Logger log = LoggerFactory.getLogger(ThreadPerConnectionEngine.class);

    private final boolean virtual;
    private final Set<Thread> connectionThreads = ConcurrentHashMap.newKeySet();
    private volatile Thread acceptor;
    private volatile AcceptLoop loop;

    public ThreadPerConnectionEngine(boolean virtual) {
        this.virtual = virtual;
    }

    @Override
    public void start(ServerSocketChannel listener, ServerContext context) {
        loop = new AcceptLoop(listener, context, channel -> spawn(context, channel));
        acceptor = Thread.ofPlatform().name("wharf-acceptor").start(loop);
    }

    private void spawn(ServerContext context, SocketChannel channel) {
        BlockingConnection connection = BlockingConnection.create(context, channel);
        if (connection == null) {
            return;
        }
        Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform();
        Thread thread = builder.name("wharf-conn-" + connection.id()).unstarted(() -> {
            try {
                connection.serve();
            } finally {
                connectionThreads.remove(Thread.currentThread());
            }
        });
        connectionThreads.add(thread);
        try {
            thread.start();
        } catch (OutOfMemoryError e) {
            // "unable to create native thread": the limit of this model, met per connection, not fatal
            connectionThreads.remove(thread);
            context.stats().error();
            log.error("cannot start a thread for a new connection: {}", e.getMessage());
            context.connections().release();
            context.connections().refuse(channel, CloseReason.REFUSED_BUSY, "cannot start a thread");
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
        long deadline = Threads.deadline();
        Thread a = acceptor;
        List<Thread> threads = new ArrayList<>(connectionThreads);
        if (a != null) {
            // wakes an acceptor backing off after an accept failure; the listener is closed already
            a.interrupt();
            threads.add(a);
        }
        Threads.joinAll(threads, deadline);
    }

    @Override
    public Map<String, Long> gauges() {
        Thread a = acceptor;
        long alive = connectionThreads.size() + (a != null && a.isAlive() ? 1 : 0);
        return Map.of("threads_alive", alive);
    }
}
