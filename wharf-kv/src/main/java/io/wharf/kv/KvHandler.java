package io.wharf.kv;

import io.wharf.kv.command.KvState;
import io.wharf.kv.command.Session;
import io.wharf.kv.resp.RespDecoder;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One kv client: decodes its requests ({@link RespDecoder}), runs each as its {@link Session} says, and sends
 * the replies of one batch of input in one write.
 *
 * <p>Pipelining and back-pressure: replies are flushed every {@link #FLUSH_AT} bytes and at the end of each
 * {@code onData}; once a flush leaves the connection not {@link Connection#writable writable}, decoding stops
 * right after the current command and the rest of the input is left in the buffer, which the core keeps and
 * hands over again (first) after {@link #onWritabilityChanged}{@code (true)}. A client pipelining without
 * reading therefore costs a bounded buffer, whatever the depth.
 *
 * <p>Durability: with the AOF on, a reply that follows a write is held until the AOF writer has written that
 * write, and under {@code appendfsync always} until its fsync covers it
 * ({@link io.wharf.kv.persist.AppendOnlyFile#whenDurable}): reading pauses, the reply waits
 * without blocking the thread (an event loop goes on serving others), and the AOF writer sends it and resumes
 * reading once the batch's fsync is done. Replies never overtake a held one: they queue behind it in order
 * ({@code holds}), and output from other threads waits until the last is sent.
 *
 * <p>Blocking commands (BLPOP and the like, and commands CLIENT PAUSE holds): when one blocks, decoding stops
 * after it, the replies before it are sent, and the session {@linkplain io.wharf.kv.command.Blocking#commitBlock
 * commits} the block; its reply is then written by whichever thread serves it. Reading goes on meanwhile, as
 * Redis reads a blocked client into its query buffer: the rest of the pipeline and what comes after it are kept
 * here ({@link KeptInput}, bounded by {@code client_query_buffer_limit} like an unfinished request), and run,
 * in order, once the serving thread hands the client back ({@link Connection#execute}). A client whose input
 * ends while blocked, or whose kept input passes the limit, leaves its queues at once, so no later push pops an
 * element into a connection nobody reads; what it sent after the blocking command is not run.
 *
 * <p>Closing: after QUIT, or after a protocol error (whose reply is sent first), as Redis closes; a client
 * whose unfinished request passes {@code client_query_buffer_limit} is dropped without a reply.
 *
 * <p>Threading: like every {@link Handler}, called by one thread at a time; commands take the key space's lock.
 */
public final class KvHandler implements Handler, RespDecoder.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(KvHandler.class);
    static final int FLUSH_AT = 16 * 1024;

    private final KvState state;
    private Connection connection;
    private Session session;
    private RespDecoder decoder;
    private boolean closing;
    /** Replies held for the AOF, in order, each with the offset it waits for; guarded by itself. */
    private final java.util.ArrayDeque<Held> holds = new java.util.ArrayDeque<>();
    /** Some reply is held; set on this thread, cleared by the AOF writer once the last is sent. */
    private volatile boolean held;
    private volatile boolean closeWhenReleased;
    /** The command just run blocked: decoding stopped right after it, its earlier replies are sent. */
    private boolean justBlocked;
    /** Input that came while the client could not run it; decoded first once it can. */
    private final KeptInput kept = new KeptInput();

    private final java.util.Set<Connection> open;

    public KvHandler(KvState state) {
        this(state, java.util.concurrent.ConcurrentHashMap.newKeySet());
    }

    /** A handler that keeps its connection in {@code open} while it is open (for the service's drain). */
    public KvHandler(KvState state, java.util.Set<Connection> open) {
        this.state = state;
        this.open = open;
    }

    @Override
    public void onOpen(Connection connection) {
        this.connection = connection;
        open.add(connection);
        this.session = new Session(state, connection.remoteAddress());
        session.output().outlet(new io.wharf.kv.command.SessionOutput.Outlet() {
            @Override
            public void write(ByteBuffer bytes) {
                connection.write(bytes);
            }

            @Override
            public long bytesOut() {
                return connection.bytesOut();
            }

            @Override
            public void drop(String why) {
                LOG.warn("conn#{} {}", connection.id(), why);
                connection.abort();
            }

            @Override
            public void resume() {
                if (kept.any()) {
                    connection.execute(KvHandler.this::runKept);
                }
            }

            @Override
            public boolean open() {
                return connection.isOpen();
            }

            @Override
            public void close() {
                connection.close();
            }
        });
        session.info().localAddress(connection.localAddress());
        KvSettings s = state.settings();
        this.decoder = new RespDecoder(this, s.protoMaxBulkLen(), s.queryBufferLimit(), session::authRequired);
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        if (closing) {
            data.position(data.limit());
            return;
        }
        if (kept.any() || session.blocking().isBlocked() && session.blocking().blockedNow()) {
            keep(data); // behind what waits already: reading goes on, so that a client that leaves is seen
            runKept();
            return;
        }
        if (held || !connection.writable()) {
            return; // reading is held back; the input stays with the connection until it goes on
        }
        if (run(data) && data.hasRemaining()) {
            keep(data);
            runKept(); // served already, between the commit and now
        }
    }

    /**
     * Runs the commands in {@code in} until it is used up, or one blocks (true: the rest of {@code in} waits
     * for its reply), or the replies are held for the AOF, or the connection is unwritable, or closing.
     */
    private boolean run(ByteBuffer in) {
        session.output().beginBatch();
        try {
            for (;;) {
                decoder.decode(in);
                if (!justBlocked) {
                    break;
                }
                justBlocked = false;
                if (session.blocking().commitBlock()) {
                    return true;
                }
            }
            flush();
            return false;
        } finally {
            if (!held) {
                session.output().endBatch(); // else the last held reply's release ends it
            }
        }
    }

    /** Keeps the rest of {@code data} for later; a client whose kept input passes the limit is dropped, as Redis does. */
    private void keep(ByteBuffer data) {
        long size = kept.size() + data.remaining();
        if (size > state.settings().queryBufferLimit()) {
            data.position(data.limit());
            kept.clear();
            queryBufferExceeded(size);
            return;
        }
        kept.add(data);
        session.info().queryBuffer(kept.size());
    }

    /**
     * Handler thread: runs the kept input once the client may run commands again (it was served, its held
     * replies were released, the connection is writable again); what it cannot run yet stays first in line.
     */
    private void runKept() {
        if (!kept.any() || closing || held || !connection.writable() || session.blocking().blockedNow()) {
            return;
        }
        run(kept.input());
        kept.consumed();
        session.info().queryBuffer(kept.size());
    }

    @Override
    public void onWritabilityChanged(Connection connection, boolean writable) {
        if (writable) {
            runKept();
        }
    }

    /** The client closed its side: if it was blocked, or had input waiting, it leaves now, unserved (Redis frees it). */
    @Override
    public void onInputEnded(Connection connection) {
        if (kept.any() || session.blocking().isBlocked()) {
            closing = true;
            kept.clear();
            session.blocking().leave();
            connection.close(); // a TLS close_notify ends input without the socket's end, which would close it
        }
    }

    @Override
    public boolean command(List<byte[]> args) {
        session.execute(args);
        if (session.closeAfterReply()) {
            closeAfterReply();
            return false;
        }
        if (session.blocking().isBlocked()) {
            flush();
            justBlocked = true;
            return false;
        }
        if (session.reply().size() >= FLUSH_AT) {
            flush();
            return connection.writable() && !held;
        }
        return true;
    }

    @Override
    public void protocolError(String message) {
        session.reply().err(message);
        LOG.debug("conn#{} {}", connection.id(), message);
        closeAfterReply();
    }

    @Override
    public void queryBufferExceeded(long held) {
        LOG.warn("conn#{} closed: its query buffer holds {} bytes, over client_query_buffer_limit", connection.id(), held);
        closing = true;
        session.blocking().leave(); // before the close is seen, so no push serves it meanwhile
        connection.abort();
    }

    private void closeAfterReply() {
        closing = true;
        flush();
        if (held) {
            closeWhenReleased = true;
            if (!held) {
                connection.close();
            }
        } else {
            connection.close();
        }
    }

    private void flush() {
        if (session.reply().size() == 0) {
            if (!held) {
                session.output().flushReplies(); // output from elsewhere that came during the batch
            }
            return;
        }
        io.wharf.kv.persist.Persistence p = state.persistence();
        io.wharf.kv.persist.AppendOnlyFile aof = p == null ? null : p.aof();
        long offset = session.syncOffset();
        ByteBuffer out;
        synchronized (holds) {
            if (holds.isEmpty() && (aof == null || !aof.mustWait(offset))) {
                session.output().flushReplies();
                return;
            }
            out = session.reply().take();
            // offsets only grow along the queue, so releasing it from the front keeps the replies in order
            offset = Math.max(offset, holds.isEmpty() ? 0 : holds.peekLast().offset());
            holds.addLast(new Held(offset, out));
            held = true;
        }
        connection.pauseReading();
        aof.whenDurable(offset, () -> release(aof));
    }

    /** On the AOF writer (or this thread): sends the held replies whose writes are durable, in order. */
    private void release(io.wharf.kv.persist.AppendOnlyFile aof) {
        synchronized (holds) {
            while (!holds.isEmpty() && !aof.mustWait(holds.peekFirst().offset())) {
                session.output().sendHeld(holds.pollFirst().replies());
            }
            if (!holds.isEmpty()) {
                return;
            }
            session.output().endBatch();
            held = false;
        }
        if (closeWhenReleased) {
            connection.close();
        } else if (kept.any()) {
            // input kept meanwhile goes first, on the handler's thread, then reading goes on
            connection.execute(() -> {
                runKept();
                if (!held) {
                    connection.resumeReading();
                }
            });
        } else {
            connection.resumeReading();
        }
    }

    private record Held(long offset, ByteBuffer replies) {
    }

    @Override
    public void onClose(Connection connection) {
        open.remove(connection);
        kept.clear();
        if (session != null) {
            session.close();
        }
    }
}
