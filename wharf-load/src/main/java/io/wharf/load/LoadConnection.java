package io.wharf.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One load connection's state, driven by its {@link Worker}: the socket (replaced after a failure, or per request
 * without keep-alive), the exchange, and the times the worker measures from.
 *
 * <p>Threading: owned by one worker thread.
 */
final class LoadConnection implements Connector.Endpoint {

    enum State {
        /** No socket; the next request opens one (no keep-alive, or waiting to be scheduled). */
        FREE,
        CONNECTING,
        /** Connected, no request in flight. */
        READY,
        WRITING,
        READING,
        /** Failed; reconnects at {@link #retryAt}. */
        BACKOFF,
        /** No more requests for it in this run. */
        FINISHED
    }

    final int id;
    final Exchange exchange;
    State state = State.FREE;
    SocketChannel channel;
    SelectionKey key;
    ByteBuffer request;
    /** The local address bound before connecting, null for the kernel's choice. */
    InetSocketAddress source;
    /** A request is waiting for the connect to finish. */
    boolean pending;
    /** What {@link RunPlan#take} granted the request in flight. */
    int grant;
    /** Where the request's latency counts from: its send (closed loop) or its intended send (open loop). */
    long startedAt;
    /** When the request in flight went out, for its timeout. */
    long sentAt;
    long connectStartedAt;
    long retryAt;
    /** Open-loop requests started so far: the index of the next one in the schedule. */
    long scheduled;
    /** Requests sent and replies completed over the whole run. */
    long sends;
    long completions;

    LoadConnection(int id, Exchange exchange) {
        this.id = id;
        this.exchange = exchange;
    }

    boolean inFlight() {
        return state == State.WRITING || state == State.READING;
    }

    @Override
    public void opened(SocketChannel channel, SelectionKey key, InetSocketAddress source) {
        this.channel = channel;
        this.key = key;
        this.source = source;
    }

    /** Closes the socket, if any; the state is the caller's to set. */
    void closeChannel() {
        if (key != null) {
            key.cancel();
            key = null;
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do with a socket we are dropping
            }
            channel = null;
        }
    }
}
