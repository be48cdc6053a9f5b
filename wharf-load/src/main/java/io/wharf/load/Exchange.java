package io.wharf.load;

import java.nio.ByteBuffer;

/**
 * One connection's request/reply conversation. The generator keeps exactly one request in flight per
 * connection: it asks for {@link #nextRequest()}, writes all of it, then hands every byte that arrives to
 * {@link #onReply} until that says the reply is complete or wrong. Parsing is incremental: a reply may arrive
 * split anywhere, one byte at a time included, and the verdict must not depend on where.
 *
 * <p>Threading: owned by one load thread; never called concurrently. The calls are on the load's hot path:
 * an implementation should allocate nothing in them.
 */
public interface Exchange {

    /** How far a reply has come. */
    enum Reply {
        /** More bytes are needed. */
        INCOMPLETE,
        /** The reply is complete and right; the connection may carry the next request. */
        COMPLETE,
        /** The reply is complete and right, but the connection must not be reused (e.g. HTTP close). */
        COMPLETE_CLOSE,
        /** A well-formed reply with the wrong content or status. */
        WRONG_REPLY,
        /** Bytes that do not parse as a reply. */
        PROTOCOL_ERROR
    }

    /**
     * The next request, positioned for writing from its start; the generator consumes it (advances its
     * position) as the socket takes the bytes. May return the same buffer every time.
     */
    ByteBuffer nextRequest();

    /**
     * Consumes reply bytes from {@code in} (advancing its position). After {@link Reply#COMPLETE} any bytes
     * left in {@code in} are unsolicited and count as a wrong reply.
     */
    Reply onReply(ByteBuffer in);

    /** A new connection is open (the first, or a replacement after a failure): reset per-connection state. */
    default void onConnected() {
    }

    /**
     * Bytes to send on each new connection, after {@link #onConnected} and before the first request (an HTTP
     * upgrade), or null for none. Its answer is part of the connect, as a TLS handshake is.
     */
    default ByteBuffer opening() {
        return null;
    }

    /**
     * Consumes the answer to {@link #opening}: {@link Reply#COMPLETE} once requests may follow (bytes left in
     * {@code in} then are unsolicited), {@link Reply#WRONG_REPLY} or {@link Reply#PROTOCOL_ERROR} to fail the
     * connect ({@link #describeReply} says why).
     */
    default Reply onOpening(ByteBuffer in) {
        return Reply.COMPLETE;
    }

    /**
     * What was wrong with the reply {@link #onReply} just judged {@link Reply#WRONG_REPLY} or
     * {@link Reply#PROTOCOL_ERROR}, in a few words for the report ({@code status 404}, {@code got "..."}); empty
     * lets the generator quote the bytes of the read instead. Called only after such a verdict, off the hot path,
     * so it may allocate.
     */
    default String describeReply() {
        return "";
    }

    /** The peer closed mid-reply: true if that ends the reply correctly (an HTTP body delimited by close). */
    default boolean completesAtClose() {
        return false;
    }
}
