package io.wharf.load;

import io.wharf.load.ChatClient.State;
import java.nio.charset.StandardCharsets;

/**
 * What a chat load thread's clients hear, judged: while joining, the notice that the client is in its room (or the
 * error that fails the attempt); once in, every delivered message checked against its room and its sender's
 * sequence and timed from its intended send time; errors, notices and foreign lines counted. {@link ChatWorker}
 * says whose bytes it is feeding before each read ({@link #reading}).
 *
 * <p>Threading: one load thread, its {@link ChatWorker}'s; the counters may be read after that thread has been
 * joined.
 */
final class ChatReceiver implements ChatWire.Listener {

    /** How a client that cannot go on is failed: {@link ChatWorker}'s rule. */
    interface Failure {
        void fail(ChatClient c, FailureKind kind, long now);
    }

    private final ChatPlan plan;
    private final Tally tally;
    private final Failure failure;
    private final ChatPayload payload = new ChatPayload();
    /** The client whose bytes are being parsed, and when they were read. */
    private ChatClient reading;
    private long readAt;
    private ChatPlan.Window window;
    long duplicates;
    long late;
    long serverErrors;
    long otherLines;
    String firstError;

    ChatReceiver(ChatPlan plan, Tally tally, Failure failure) {
        this.plan = plan;
        this.tally = tally;
        this.failure = failure;
    }

    /** The bytes about to be fed are {@code c}'s, read at {@code now}. */
    void reading(ChatClient c, long now) {
        reading = c;
        readAt = now;
    }

    /** Sending has started: deliveries are measured from now on when their send time falls in it. */
    void window(ChatPlan.Window w) {
        window = w;
    }

    @Override
    public void heard(ChatHeard h) {
        ChatClient c = reading;
        if (c.state != State.JOINING && c.state != State.JOINED) {
            return; // the rest of a buffer read just before this client failed
        }
        ChatHeard.Kind kind = h.kind();
        if (c.state == State.JOINING) {
            if (kind == ChatHeard.Kind.ERROR) {
                remember(h);
                FailureKind failed = h.busy() ? FailureKind.REFUSED : FailureKind.WRONG_REPLY;
                if (failed == FailureKind.WRONG_REPLY && tally.wantsExample()) {
                    tally.example(failed, "joining: " + FailureExample.quote(h.raw(), 0, h.rawLength()));
                }
                failure.fail(c, failed, readAt);
            } else if (kind == ChatHeard.Kind.NOTICE && h.nowIn(c.roomName)) {
                c.state = State.JOINED;
                plan.joined.incrementAndGet();
            }
            return; // the welcome, notices, and any history replayed on joining
        }
        switch (kind) {
            case NOTICE -> { } // others joining, leaving, quitting
            case ERROR -> {
                serverErrors++; // e.g. "slow down": the connection stays, the line was dropped
                remember(h);
            }
            case CHAT -> delivered(c, h);
            case OTHER -> otherLines++;
        }
    }

    private void delivered(ChatClient c, ChatHeard h) {
        if (!h.inRoom(c.roomName)) {
            wrong(FailureKind.WRONG_REPLY, "not from this client's room: ", h);
            return;
        }
        switch (payload.parse(h.text(), h.textFrom(), h.textTo(), plan.tokenBytes)) {
            case FOREIGN -> otherLines++;
            case CORRUPT -> wrong(FailureKind.PROTOCOL_ERROR, "", h);
            case OURS -> {
                int rooms = plan.spec.rooms();
                if (payload.sender >= plan.spec.clients() || payload.sender % rooms != c.room) {
                    wrong(FailureKind.WRONG_REPLY, "a sender of another room: ", h);
                    return;
                }
                int sender = payload.sender / rooms;
                switch (c.received.accept(sender, payload.sequence)) {
                    case DUPLICATE -> duplicates++;
                    case LATE -> {
                        late++;
                        count(c, sender);
                    }
                    case IN_ORDER -> count(c, sender);
                }
            }
        }
    }

    private void count(ChatClient c, int sender) {
        if (ChatPlan.measured(window, payload.sent)) {
            c.received.measured(sender);
            tally.success(readAt - payload.sent);
        }
    }

    /** A delivered message that is wrong: counted, and kept as an example while the report wants some. */
    private void wrong(FailureKind kind, String why, ChatHeard h) {
        tally.failure(kind);
        if (tally.wantsExample()) {
            tally.example(kind, why + FailureExample.quote(h.raw(), 0, h.rawLength()));
        }
    }

    private void remember(ChatHeard h) {
        if (firstError == null) {
            firstError = new String(h.raw(), 0, h.rawLength(), StandardCharsets.UTF_8);
        }
    }
}
