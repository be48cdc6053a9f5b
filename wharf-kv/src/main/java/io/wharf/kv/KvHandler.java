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
 * <p>Blocking commands (BLPOP and the like): when one blocks, decoding stops after it, the replies before it
 * are sent, and the session {@linkplain Session#commitBlock commits} the block; its reply is then written by
 * whichever thread serves it, and reading goes on meanwhile so that a client that leaves is seen. Input that
 * comes while blocked pauses reading and stays in the connection until the reply is out.
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
    /** The command just run blocked: decoding stopped right after it, its earlier replies are sent. */
    private boolean justBlocked;

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
        session.outlet(new Session.Outlet() {
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
                connection.resumeReading();
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
        if (session.isBlocked() && session.holdIfBlocked(connection::pauseReading)) {
            return; // the input waits in the connection until the blocked command is answered
        }
        if (!connection.writable()) {
            return;
        }
        session.beginBatch();
        try {
            for (;;) {
                decoder.decode(data);
                if (!justBlocked) {
                    break;
                }
                justBlocked = false;
                if (session.commitBlock(data.hasRemaining(), connection::pauseReading)) {
                    return;
                }
            }
            flush();
        } finally {
            session.endBatch();
        }
    }

    @Override
    public boolean command(List<byte[]> args) {
        session.execute(args);
        if (session.closeAfterReply()) {
            closeAfterReply();
            return false;
        }
        if (session.isBlocked()) {
            flush();
            justBlocked = true;
            return false;
        }
        if (session.reply().size() >= FLUSH_AT) {
            flush();
            return connection.writable();
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
        connection.close();
    }

    private void flush() {
        session.flushReplies();
    }

    @Override
    public void onClose(Connection connection) {
        open.remove(connection);
        if (session != null) {
            session.close();
        }
    }
}
