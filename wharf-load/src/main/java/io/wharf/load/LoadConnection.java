package io.wharf.load;

import java.nio.ByteBuffer;

/**
 * One load connection's state, driven by its {@link Worker}: the socket (replaced after a failure, or per request
 * without keep-alive), the exchange, and the times the worker measures from.
 *
 * <p>Threading: owned by one worker thread.
 */
final class LoadConnection extends ClientSocket {

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
        /** Not wanted at this point of a staged run (connections ramped down or not yet up); no socket. */
        PARKED,
        /** No more requests for it in this run. */
        FINISHED
    }

    final int id;
    final Exchange exchange;
    State state = State.FREE;
    ByteBuffer request;
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
    /** Counted among the worker's open connections (connected, not yet closed). */
    boolean counted;
    /** The exchange's {@link Exchange#opening} going out on this socket, null before it is asked for. */
    ByteBuffer opening;
    /** The opening (if any) is answered: the socket takes requests. */
    boolean opened;

    LoadConnection(int id, Exchange exchange) {
        this.id = id;
        this.exchange = exchange;
    }

    boolean inFlight() {
        return state == State.WRITING || state == State.READING;
    }
}
