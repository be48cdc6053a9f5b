package io.wharf.core;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;

/**
 * Serves the connections of a bound listener under one concurrency {@link Model}: accepts them, runs
 * their handlers, and writes their output. The {@link Server} owns the listener and the lifecycle.
 *
 * <p>Threading: {@code start}, {@code stopAccepting} and {@code close} are called by the thread that
 * controls the server, once each and in that order; {@code gauges} from any thread.
 */
public interface Engine {

    /** Starts the engine's threads; returns once it is accepting. */
    void start(ServerSocketChannel listener, ServerContext context) throws IOException;

    /** Stops accepting new connections; open connections keep being served. */
    void stopAccepting();

    /** Stops the engine's threads. Called after the open connections finished or were aborted. */
    void close();

    /** The model's own gauges: {@code threads_alive}, {@code queue_depth}, {@code loop_iterations}. */
    Map<String, Long> gauges();
}
