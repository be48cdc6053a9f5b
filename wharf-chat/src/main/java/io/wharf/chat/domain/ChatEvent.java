package io.wharf.chat.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the chat tells one session. A front-end turns each event into its own wire format (text lines, IRC,
 * WebSocket frames); the events say what happened, never how to ask for it.
 */
public sealed interface ChatEvent {

    /** The session is in: first event of every session. */
    record Connected(String nick) implements ChatEvent {
    }

    /** A live message in a room the session is in (its own included). */
    record Said(ChatMessage message) implements ChatEvent {
    }

    /** A private message, to its recipient and, as confirmation, to its sender. */
    record Private(String from, String to, String text, Instant time) implements ChatEvent {
    }

    record Joined(String room, String nick) implements ChatEvent {
    }

    record Parted(String room, String nick) implements ChatEvent {
    }

    record NickChanged(String from, String to) implements ChatEvent {
    }

    /** {@code nick} left the chat (a kick, a ban and a flood disconnect say so in {@code reason}). */
    record Quit(String nick, String reason) implements ChatEvent {
    }

    /** The session now talks to {@code room}; null when it is in no room. */
    record Current(String room) implements ChatEvent {
    }

    /** A room's topic: on join, on request, or ({@code changed}) just set by {@code by}; null topic = none. */
    record Topic(String room, String topic, String by, boolean changed) implements ChatEvent {
    }

    record RoomInfo(String name, int members, String topic) {
    }

    record Rooms(List<RoomInfo> rooms) implements ChatEvent {
    }

    record Member(String nick, boolean admin) {
    }

    record Members(String room, List<Member> members) implements ChatEvent {
    }

    /**
     * Who {@code nick} is: {@code account} null for a guest, rooms in join order, connected since, idle since
     * they last said something (or connected); {@code address} only when an admin asked, null otherwise.
     */
    record Whois(String nick, String account, boolean admin, List<String> rooms, Instant connected, Duration idle,
                 String address) implements ChatEvent {
    }

    enum Replay {
        /** The last messages of a room just joined. */
        JOINED,
        /** Asked for. */
        ASKED,
        /** Said while a logged-in user was away. */
        MISSED
    }

    record History(String room, List<ChatMessage> messages, Replay replay) implements ChatEvent {
    }

    record Broadcast(String from, String text, Instant time) implements ChatEvent {
    }

    record Registered(String account) implements ChatEvent {
    }

    /** Logged in; {@code lastSeen} is when this account last left, null if never. */
    record LoggedIn(String account, Instant lastSeen) implements ChatEvent {
    }

    enum Action {
        KICKED("kicked"), BANNED("banned"), UNBANNED("unbanned"), MUTED("muted"), UNMUTED("unmuted");

        private final String verb;

        Action(String verb) {
            this.verb = verb;
        }

        public String verb() {
            return verb;
        }
    }

    /** A moderation step, to the admin who took it and, for mutes, to its target. */
    record Moderated(Action action, String target, String by, String detail) implements ChatEvent {
    }

    /** The bans in force, oldest first (to an admin). */
    record Bans(List<ChatStore.Ban> bans) implements ChatEvent {
    }

    /** A request was refused; {@code message} says why, in words. */
    record Failure(Reason reason, String message) implements ChatEvent {
    }

    enum Reason {
        NICK_INVALID, NICK_TAKEN, NICK_REGISTERED, NO_SUCH_NICK, ROOM_INVALID, NOT_IN_ROOM, NO_ROOM, MUTED,
        NOT_ADMIN, ACCOUNT_EXISTS, LOGIN_FAILED, NO_SUCH_BAN, EMPTY
    }

    /** The session is over; the front-end says so and closes. Always the last event. */
    record Disconnected(String reason) implements ChatEvent {
    }

    /** A front-end's own payload, handed back in order with the other events ({@link Session#echo}). */
    record Echo(Object payload) implements ChatEvent {
    }
}
