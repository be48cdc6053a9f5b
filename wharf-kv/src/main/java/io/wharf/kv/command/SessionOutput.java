package io.wharf.kv.command;

import java.nio.ByteBuffer;

/**
 * Where one session's output goes: its replies, flushed in batches by the handler, and output from other threads
 * (messages published to it, a blocked command's reply written by the thread that served it), merged in order by
 * {@link ClientOutput} and bounded by the session's class of {@code client-output-buffer-limit}.
 *
 * <p>Threading: {@link #beginBatch}, {@link #flushReplies} and {@link #endBatch} on the connection's handler
 * thread ({@link #sendHeld} on whichever thread releases replies held for the AOF); {@link #push}, {@link #kill}
 * and {@link #pending} from any thread; {@link #sendAsync} under the key space's lock, by the thread serving the
 * blocked client.
 */
public final class SessionOutput {

    /** The connection, as the session needs it for output that is not the answer to its own input. */
    public interface Outlet {
        /** Queues {@code bytes} on the connection, after everything written so far. Any thread. */
        void write(ByteBuffer bytes);

        /** Bytes the connection has sent so far. Any thread. */
        long bytesOut();

        /** Drops the client now. Any thread. */
        void drop(String why);

        /**
         * The client was answered from another thread (served, timed out, unblocked, let go by CLIENT
         * UNPAUSE): input it sent meanwhile may run now. Any thread, under the key space's lock or not.
         */
        void resume();

        /** False once the connection is closing or closed. Any thread. */
        boolean open();

        /** Closes once what was written is sent (CLIENT KILL). Any thread. */
        void close();
    }

    private final Session session;
    private final ClientOutput output = new ClientOutput();
    /** Set once when the connection opens; null for the internal session that replays the AOF. */
    private volatile Outlet outlet;

    SessionOutput(Session session) {
        this.session = session;
    }

    /** Connects the output to its connection; once, before any output. */
    public void outlet(Outlet outlet) {
        this.outlet = outlet;
        output.sink(new ClientOutput.Sink() {
            @Override
            public void write(ByteBuffer bytes) {
                outlet.write(bytes);
            }

            @Override
            public long bytesOut() {
                return outlet.bytesOut();
            }

            @Override
            public void drop(String why) {
                outlet.drop(why);
            }
        });
    }

    /** False once the client's connection is closing or closed; true for the internal session. Any thread. */
    boolean connected() {
        Outlet o = outlet;
        return o == null || o.open();
    }

    /** CLIENT KILL from another client: the connection closes. Any thread. */
    void kill() {
        Outlet o = outlet;
        if (o != null) {
            o.close();
        }
    }

    /** The handler starts on a batch of input. */
    public void beginBatch() {
        output.begin();
    }

    /** Sends the replies so far (and then output from elsewhere that came meanwhile). */
    public void flushReplies() {
        output.flush(session.reply().take(), session.outputLimit());
    }

    /** The batch is done and its replies are flushed. */
    public void endBatch() {
        output.end(session.outputLimit());
    }

    /** Sends replies the handler held back for the AOF (and then what came from elsewhere meanwhile). */
    public void sendHeld(ByteBuffer replies) {
        output.flush(replies, session.outputLimit());
    }

    /** Output from another thread (a message published to this client). */
    void push(ByteBuffer bytes) {
        output.push(bytes, session.outputLimit());
    }

    /** Bytes of output queued for this client (CLIENT LIST's {@code omem}). */
    long pending() {
        return output.pending();
    }

    /** Sends what the reply buffer holds from a thread that is not the handler's, and lets the input kept meanwhile run. */
    void sendAsync() {
        ByteBuffer out = session.reply().take();
        Runnable send = () -> {
            output.push(out, session.outputLimit());
            Outlet o = outlet;
            if (o != null) {
                o.resume();
            }
        };
        // a served pop is a write: under the AOF its reply waits for it as the handler's replies do
        KvState state = session.state();
        io.wharf.kv.persist.AppendOnlyFile aof = state.persistence() == null ? null : state.persistence().aof();
        long offset = session.syncOffset();
        if (aof != null && aof.mustWait(offset)) {
            aof.whenDurable(offset, send);
        } else {
            send.run();
        }
    }
}
