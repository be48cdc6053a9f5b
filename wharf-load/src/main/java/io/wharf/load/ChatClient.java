package io.wharf.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One chat load client, driven by its {@link ChatWorker}: the socket, what is waiting to be written, what is
 * coming in, and what it has received from each sender of its room.
 *
 * <p>Threading: owned by one worker thread; read by the coordinator after that thread has been joined.
 */
final class ChatClient extends ClientSocket {

    enum State {
        CONNECTING,
        /** Connected; its nick and join commands are out, "now talking in" its room not yet back. */
        JOINING,
        JOINED,
        /** A failed attempt before sending started: connects again at {@link #retryAt}. */
        BACKOFF,
        /** Out of the run: it failed once sending had started, or never joined. */
        DEAD
    }

    /** Largest outbox before a client that the server does not read from is given up. */
    static final int MAX_OUTBOX = 1 << 20;

    final int id;
    final int room;
    final byte[] roomName;
    /** Reads what the server sends, on the run's wire. */
    final ChatWire.Inbound inbound;
    final SequenceTracker received;
    State state = State.BACKOFF;
    /** Bytes to write, in fill mode (position at the end of what is queued). */
    ByteBuffer out;
    int attempt;
    long connectStartedAt;
    long retryAt;
    /** When writes started waiting for the socket; 0 when nothing is waiting. */
    long stalledSince;
    /** In its room when sending started. */
    boolean inRun;
    /** Measured messages sent. */
    long sentMeasured;

    ChatClient(int id, ChatPlan plan, ChatWire.Inbound inbound) {
        this.id = id;
        this.room = id % plan.spec.rooms();
        String name = plan.room(room);
        this.roomName = name.getBytes(StandardCharsets.US_ASCII);
        this.inbound = inbound;
        this.received = new SequenceTracker(plan.spec.members(room));
        this.out = ByteBuffer.allocate(4096);
    }

    /** Makes room for {@code bytes} more in the outbox; false when it would pass {@link #MAX_OUTBOX}. */
    boolean reserve(int bytes) {
        if (out.remaining() >= bytes) {
            return true;
        }
        int needed = out.position() + bytes;
        if (needed > MAX_OUTBOX) {
            return false;
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.min(MAX_OUTBOX, Math.max(needed, out.capacity() * 2)));
        out = bigger.put(out.flip());
        return true;
    }

    /** Closes the socket, if any, and forgets unsent bytes and a partial line; the state is the caller's to set. */
    @Override
    void closeChannel() {
        super.closeChannel();
        out.clear();
        inbound.reset();
        stalledSince = 0;
    }
}
