package io.wharf.load;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * How chat load clients speak to the server: the chat's text lines over TCP ({@link ChatLineWire}), or its JSON
 * messages over a WebSocket ({@link ChatWsWire}). Only the wire differs: the plan, the timetable, what is
 * measured and the report are the {@link ChatWorker}'s and {@link ChatLoad}'s, the same for both.
 *
 * <p>Threading: one per load thread (it keeps scratch space), like the {@link Inbound}s it makes, one per client.
 */
interface ChatWire {

    static ChatWire of(ChatPlan plan) {
        return plan.spec.webSocket() ? new ChatWsWire(plan) : new ChatLineWire(plan);
    }

    /** What reads one client's connections, one attempt after another. */
    Inbound inbound();

    /** The most bytes {@link #message} queues. */
    int maxMessage();

    /** Queues into {@code c.out} (room reserved by the caller) one message whose text is the load's payload. */
    void message(ChatClient c, long sequence, long intended);

    /** One client's side of the conversation: what it says first, and what it hears. */
    interface Inbound {

        /** Queues what a fresh connection (its TLS handshake done) sends first into {@code c.out}. */
        void open(ChatClient c);

        /**
         * Consumes all of {@code in}, passing each complete unit to {@code listener}; may queue what the protocol
         * answers by itself (the requests after the WebSocket upgrade, a pong) into {@code c.out}.
         */
        void feed(ChatClient c, ByteBuffer in, Listener listener) throws Broken;

        /** Forgets a partial unit: the connection was replaced. */
        void reset();
    }

    interface Listener {
        /** {@code heard} is only valid during the call. */
        void heard(ChatHeard heard);
    }

    /** The connection cannot go on: how it failed, and what was wrong in words. */
    final class Broken extends IOException {
        final FailureKind kind;

        Broken(FailureKind kind, String message) {
            super(message);
            this.kind = kind;
        }
    }
}
