package io.wharf.core.spi;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One client connection, as a handler sees it, whatever the concurrency model.
 *
 * <p>Threading: every method is safe to call from any thread. Writes are never lost or reordered and
 * never block the caller on a slow client: what the socket cannot take now is queued. (Under the blocking
 * models the connection's own thread writes inline with a blocking write, which is the nature of those
 * models; writes from other threads are still queued.)
 *
 * <p>Back-pressure: once queued output passes {@code write_buffer_high} the connection is not
 * {@link #writable} and stops reading, so a client that sends faster than it reads is slowed down by its own
 * TCP window rather than dropped; below {@code write_buffer_low} it reads again. A handler helps by not
 * turning held input into more output while unwritable. Past that, queued output over {@code max_outbox}
 * (1 MiB; a handler that ignores writability) or making no progress for {@code write_timeout} (a client that
 * does not read at all) closes the connection, so no client can exhaust memory or stall anyone else.
 *
 * <p>Layering: a connection is the seam where later layers slot in without touching handlers: TLS wraps
 * the bytes between the socket and the handler, and the multi-process models serve connections in child
 * processes that do not own the listening socket.
 */
public interface Connection {

    /** Server-unique id, as used in the connection log. */
    long id();

    /**
     * The client: the socket's peer, or, on a listener with {@code accept_proxy = on}, the client its PROXY
     * header named (then {@link #peerAddress} is the proxy's). What access logs, rate limits and sessions use.
     */
    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();

    /** The socket's own peer, whatever a PROXY header said: the proxy, for a proxied connection. */
    default InetSocketAddress peerAddress() {
        return remoteAddress();
    }

    /**
     * True for a rehearsal: a connection the server makes to itself to run its serving code once before a client
     * needs it (a {@code process}-model spare's warm-up), with nobody on the other end. A protocol serves it as
     * any other but records nothing of it: no access log line, counter, span or rate-limit token, and changes
     * no state a user sees.
     */
    default boolean rehearsal() {
        return false;
    }

    /** What this connection's PROXY header said (its TLVs too), if it had one ({@code accept_proxy}). */
    default java.util.Optional<io.wharf.core.proxy.ProxiedClient> proxied() {
        return java.util.Optional.empty();
    }

    /**
     * Queues the remaining bytes of {@code data} for sending, in call order. The buffer's position is
     * advanced; the caller may reuse the buffer once this returns (the connection copies what it keeps).
     * Writes on a closed connection are dropped silently.
     */
    void write(ByteBuffer data);

    default void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    default void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Queues {@code count} bytes of {@code file} from {@code position} for sending after everything written so
     * far, zero-copy where the OS allows ({@link FileChannel#transferTo}: sendfile on Linux). The connection
     * takes ownership of {@code file} and closes it once sent, or when the connection closes first (a closed
     * connection closes it at once). Queued file bytes do not count against {@code max_outbox}, which bounds
     * memory, but are bound by {@code write_timeout} like any output. If the file turns out shorter than
     * {@code count}, the connection is aborted: the bytes promised can never be sent.
     * Thread-safe, like {@link #write(ByteBuffer)}.
     *
     * @throws IllegalArgumentException if {@code position} or {@code count} is negative (the file is closed)
     */
    void sendFile(FileChannel file, long position, long count);

    /**
     * Holds partial segments (TCP_CORK) until {@code cork(false)}, so a head written before a
     * {@link #sendFile} leaves with the file's first bytes instead of alone; uncorking sends what was held.
     * Call from the thread that writes, around writes that belong together. Where the runtime cannot cork
     * (Java 21; not Linux) it does nothing.
     */
    default void cork(boolean on) {
    }

    /**
     * Stops delivering input: no {@link Handler#onData} until {@link #resumeReading}. Under the blocking models
     * the connection's thread simply stops reading; under {@code event}/{@code reactor} read interest is
     * dropped. Either way the kernel's receive window then pushes back on the client. Idempotent.
     *
     * <p>A handler may return from {@code onData} with bytes left in its buffer only after pausing (or while
     * the connection is not {@link #writable}): the connection keeps them and delivers them first, ahead of
     * anything new, in the next {@code onData} once reading resumes.
     *
     * <p>Call on the handler's own thread.
     */
    void pauseReading();

    /**
     * Undoes {@link #pauseReading}: kept input is delivered, then the socket is read again (unless the
     * connection is not {@link #writable}, which holds reading paused by itself). Safe from any thread.
     */
    void resumeReading();

    /**
     * False from when queued output passes the high watermark ({@code write_buffer_high}, 64 KiB) until it
     * drains below the low one ({@code write_buffer_low}, 32 KiB); meanwhile the connection reads nothing
     * and the handler should stop producing output from input it holds. {@link Handler#onWritabilityChanged}
     * reports each change. Safe from any thread; on the handler's thread it reflects every write made so far
     * (checking it is a field read), while writes from other threads count once the connection has taken
     * them in (under {@code event}/{@code reactor}, when its loop flushes them). A connection that never
     * queues (the {@code process} model's child) is always writable.
     */
    boolean writable();

    /**
     * Half-closes: sends end-of-stream (TCP FIN) to the peer once everything written so far has been sent,
     * while input keeps arriving; later writes are dropped. A proxy uses it to pass a client's half-close on.
     * Idempotent. Under {@code event}/{@code reactor} it runs on the loop; under the blocking models it may
     * wait for queued output to be sent first. A connection that cannot half-close closes instead.
     */
    default void shutdownOutput() {
        close();
    }

    /**
     * Opens an outbound connection to {@code address}, served by {@code handler} under the same rules as an
     * inbound one (watermarks, {@code write_timeout}, {@code idle_timeout}, deadlines), and counted in the
     * listener's outbound stats, not its client connections. On success the handler's
     * {@link Handler#onOpen} runs; if the connection cannot be made within {@code timeout} (or is refused),
     * {@code failed} gets one line saying why, and the handler is never called.
     *
     * <p>Threading: under {@code event}/{@code reactor} the outbound connection lives on this connection's
     * loop, so both handlers and {@code failed} run on the same thread as this connection's handler and need
     * no locks. Under the blocking models a virtual thread connects and then serves the outbound connection
     * (its handler and {@code failed} run there); it and this connection's thread may then write to each
     * other inline, with blocking writes, so each side pushes back on the other by itself. Models that cannot
     * connect out (the {@code process} model's child) call {@code failed} at once.
     */
    default void connect(InetSocketAddress address, java.time.Duration timeout, Handler handler,
                         Consumer<String> failed) {
        failed.accept("outbound connections are not supported under this model");
    }

    /** Closes after everything written so far has been sent (bounded by {@code write_timeout}). */
    void close();

    /**
     * {@link #close()}, saying why: the stats count closes by reason, and a reason that
     * {@link CloseReason#lingers} (an error reply, input left unread) makes the close linger
     * ({@code lingering_close}) so that the client reads the reply rather than a reset.
     */
    default void close(CloseReason reason) {
        close();
    }

    /** Closes now, dropping queued output. */
    void abort();

    boolean isOpen();

    /** True once the server has started a graceful shutdown; a handler may then finish and close. */
    boolean draining();

    /**
     * Runs {@code work} off the event loop where the model has a worker pool ({@code reactor}), then
     * {@code then} with its result on the connection's own thread, serialised with the handler's callbacks.
     * Models without a worker pool run both inline, which is the trade-off they show.
     *
     * <p>Under {@code reactor} the connection stops reading from this call until {@code then} has run, so a
     * pipelined request cannot be answered before this one: as after {@link #pauseReading}, the handler may
     * leave the rest of its input unconsumed, and it is delivered again after {@code then}, then reading
     * resumes (unless paused or not writable).
     */
    <T> void offload(Supplier<T> work, Consumer<T> then);

    /**
     * Runs {@code task} as a callback of this connection's handler: on the handler's thread, serialised with its
     * other callbacks (a happens-before edge either side), never nested inside one, in call order, and not at all
     * once the connection has closed. A task that throws closes the connection, as a failing callback does.
     * How another thread hands the handler work of its own, such as input it kept while it waited for that
     * thread (a key-value client blocked on a key, served by another client's push).
     *
     * <p>Under {@code event}/{@code reactor} it is a task of the connection's loop. Under the blocking models
     * the connection's thread may be blocked in a read that only the client can end, so the task runs on a
     * virtual thread of its own while that thread is outside the handler; its writes are queued as any other
     * thread's. Safe from any thread. Connections that cannot (a test double, a {@code process} child) throw
     * {@link UnsupportedOperationException}.
     */
    default void execute(Runnable task) {
        throw new UnsupportedOperationException("this connection cannot run tasks on its handler's thread");
    }

    /**
     * Aborts the connection with {@code reason} if it is still open once {@code timeout} has passed, unless a
     * later call replaces the deadline or {@link #clearDeadline} removes it. Protocols use it for their own
     * timers (an HTTP request-header timeout) without holding a thread: the server's reaper checks deadlines
     * twice a second, so expect up to half a second of lateness.
     */
    void deadline(java.time.Duration timeout, String reason);

    /** {@link #deadline(java.time.Duration, String)} with a reason the stats count by its key. */
    default void deadline(java.time.Duration timeout, CloseReason reason) {
        deadline(timeout, reason.text());
    }

    void clearDeadline();

    /**
     * Hands this connection to another protocol ({@code Upgrade: websocket}): {@code next} becomes its handler,
     * with {@code unconsumed}, the bytes the current handler read but that belong to the next protocol.
     *
     * <p>Contract:
     * <ul>
     * <li>Call on the handler's own thread, from inside one of its callbacks, and return from that callback right
     *     after: the current handler gets no further callbacks at all, not even {@link Handler#onClose}, so it
     *     releases what it holds before calling this.</li>
     * <li>Before this returns, on the calling thread, {@code next} gets {@link Handler#onOpen} and then, if
     *     {@code unconsumed} has bytes left, {@link Handler#onData} with them, ahead of any new socket bytes. It
     *     consumes all of them: it has just opened, so it has nothing to hold them back for. From then on every
     *     callback ({@code onData}, {@code onWritabilityChanged}, {@code onInputEnded}, {@code onClose}) goes to
     *     {@code next}, under the same threading rules as any handler.</li>
     * <li>The connection itself carries over unchanged: output already queued is sent first, in order; a
     *     pause ({@link #pauseReading}), the writability and its watermarks, a {@link #deadline} and the byte
     *     counts stay as they are; {@code next} clears or replaces the deadline if it wants another.</li>
     * <li>A layer that wraps a handler (TLS) and hands its inner handler a connection of its own implements
     *     this for its own inner slot, by the same rules: the inner handler is replaced, the layer keeps
     *     its place between the socket and the handler.</li>
     * </ul>
     * On a connection that is no longer open it does nothing. Connections that cannot change their handler
     * (a test double) throw {@link UnsupportedOperationException}.
     */
    default void upgrade(Handler next, ByteBuffer unconsumed) {
        throw new UnsupportedOperationException("this connection cannot change its handler");
    }

    /** Total bytes received and sent on this connection so far. */
    long bytesIn();

    long bytesOut();
}
