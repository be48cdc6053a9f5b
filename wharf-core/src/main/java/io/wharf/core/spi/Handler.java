package io.wharf.core.spi;

import java.nio.ByteBuffer;

/**
 * A protocol, as seen by one connection. One instance per connection, created by a {@link HandlerFactory}.
 *
 * <p>Threading: the transport calls the methods of one handler from one thread at a time, in order
 * ({@code onOpen}, any number of {@code onData}, then exactly one {@code onClose}), with a happens-before
 * edge between successive calls. Under the blocking models that is the connection's own thread; under
 * {@code event} and {@code reactor} it is the connection's event loop, so a handler must never block:
 * hand slow work to {@link Connection#offload}. A handler therefore needs no locking for its own state.
 *
 * <p>Input is incremental: {@code onData} receives whatever bytes arrived, which may be part of a
 * request, several requests, or a request split anywhere. The handler consumes all of them and keeps the
 * partial tail in its own decoder state until the rest arrives.
 */
public interface Handler {

    /** The connection is established; typically sends a banner. */
    default void onOpen(Connection connection) {
    }

    /**
     * Bytes arrived. {@code data} is only valid during this call (the transport reuses the buffer): the
     * handler consumes all of its remaining bytes, copying any partial request into its own state, unless it
     * has paused reading, the connection is not writable, or it has offloaded work that holds reading back
     * ({@link Connection#offload}): then what it leaves is delivered again, first, once reading resumes
     * ({@link Connection#pauseReading}). Left otherwise, it is dropped.
     */
    void onData(Connection connection, ByteBuffer data);

    /**
     * Queued output crossed the high watermark ({@code writable} false: the connection stopped reading) or
     * drained below the low one ({@code writable} true: reading resumes, and input kept from an earlier
     * {@code onData} is delivered again). See {@link Connection#writable}. Under {@code event}/{@code reactor}
     * it comes as soon as the change happens, after the callback that caused it; under the blocking models
     * the connection's thread may be blocked in a read, so it comes at the latest before the next
     * {@code onData}.
     */
    default void onWritabilityChanged(Connection connection, boolean writable) {
    }

    /**
     * The client closed its side (end of stream): nothing more will arrive, but what the handler writes now is
     * still sent before the connection closes, so it can answer a last request that had no terminator. Called
     * on the handler's thread, at most once, before {@link #onClose}.
     */
    default void onInputEnded(Connection connection) {
    }

    /**
     * Whether the connection closes itself once {@link #onInputEnded} has run (true, the default). A handler
     * that answers false keeps a half-closed connection open, writing on, and closes it itself (a proxy
     * waiting for the other side's end); idle and write timeouts still apply.
     */
    default boolean closeOnInputEnded() {
        return true;
    }

    /** The connection is closed, for whatever reason; called once. Release resources here. */
    default void onClose(Connection connection) {
    }
}
