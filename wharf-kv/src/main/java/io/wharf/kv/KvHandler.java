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
 * reading once the batch's fsync is done. Replies never overtake a held one, since nothing else is decoded
 * meanwhile.
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
    /** A reply is held for an fsync; set on this thread, cleared by the AOF writer once it has sent it. */
    private volatile boolean held;
    private volatile boolean closeWhenReleased;

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
        KvSettings s = state.settings();
        this.decoder = new RespDecoder(this, s.protoMaxBulkLen(), s.queryBufferLimit(), session::authRequired);
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        if (closing) {
            data.position(data.limit());
            return;
        }
        if (held) {
            return; // reading is paused; the input stays with the connection until the reply is released
        }
        if (connection.writable()) {
            decoder.decode(data);
            flush();
        }
    }

    @Override
    public boolean command(List<byte[]> args) {
        session.execute(args);
        if (session.closeAfterReply()) {
            closeAfterReply();
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
            return;
        }
        io.wharf.kv.persist.Persistence p = state.persistence();
        io.wharf.kv.persist.AppendOnlyFile aof = p == null ? null : p.aof();
        long offset = session.syncOffset();
        if (aof == null || !aof.mustWait(offset)) {
            connection.write(session.reply().take());
            return;
        }
        java.nio.ByteBuffer out = session.reply().take();
        held = true;
        connection.pauseReading();
        aof.whenDurable(offset, () -> {
            connection.write(out);
            held = false;
            if (closeWhenReleased) {
                connection.close();
            } else {
                connection.resumeReading();
            }
        });
    }

    @Override
    public void onClose(Connection connection) {
        open.remove(connection);
        if (session != null) {
            session.close();
        }
    }
}
