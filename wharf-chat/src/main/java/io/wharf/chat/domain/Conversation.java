package io.wharf.chat.domain;

import io.wharf.chat.domain.ChatEvent.Reason;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Rooms and messages: join, part, say, private messages, topics, listings ({@code whois} too) and history. Threading: runs on
 * the hub thread only, like all chat state.
 */
final class Conversation {

    /** The one answer to a request that needs a current room when there is none. */
    static final String NO_ROOM = "you are in no room: join one first";

    private final ChatHub hub;

    Conversation(ChatHub hub) {
        this.hub = hub;
    }

    void say(Session session, String text, boolean action) {
        Room room = session.current;
        if (room == null) {
            session.fail(Reason.NO_ROOM, NO_ROOM);
            return;
        }
        if (blank(session, text) || hub.moderation.muted(session)) {
            return;
        }
        ChatMessage message = new ChatMessage(hub.nextMessageId(), room.name, session.nick, text, action, hub.now());
        session.lastSpoke = message.time();
        room.remember(message);
        hub.store.append(message);
        room.deliver(new ChatEvent.Said(message));
        hub.delivered(room.name, message.id(), room.members.size());
    }

    void privateMessage(Session session, String nick, String text) {
        Session to = hub.session(nick);
        if (to == null) {
            session.fail(Reason.NO_SUCH_NICK, "no one called '" + nick + "' is here");
            return;
        }
        if (blank(session, text) || hub.moderation.muted(session)) {
            return;
        }
        ChatEvent.Private message = new ChatEvent.Private(session.nick, to.nick, text, hub.now());
        session.lastSpoke = message.time();
        to.deliver(message);
        if (to != session) {
            session.deliver(message);
        }
        hub.delivered(null, 0, to == session ? 1 : 2);
    }

    void join(Session session, String typed) {
        String name = Names.room(typed);
        if (!Names.valid(name)) {
            session.fail(Reason.ROOM_INVALID, Names.invalid("room name", name));
            return;
        }
        Room room = hub.room(name);
        if (session.rooms.contains(room)) {
            session.current = room;
            session.deliver(new ChatEvent.Current(room.name));
            return;
        }
        enter(session, room);
        List<ChatMessage> replay = room.last(hub.settings.historyReplay());
        if (!replay.isEmpty()) {
            session.deliver(new ChatEvent.History(room.name, replay, ChatEvent.Replay.JOINED));
        }
    }

    /** Joins without a replay (a returning user gets what they missed instead) and makes the room current. */
    void enter(Session session, Room room) {
        room.members.add(session);
        session.rooms.add(room);
        room.deliver(new ChatEvent.Joined(room.name, session.nick));
        if (room.topic != null) {
            session.deliver(new ChatEvent.Topic(room.name, room.topic, room.topicBy, false));
        }
        session.current = room;
        session.deliver(new ChatEvent.Current(room.name));
    }

    void part(Session session, String typed) {
        Room room = typed == null ? session.current : hub.rooms.get(Names.key(Names.room(typed)));
        if (typed == null && room == null) {
            session.fail(Reason.NO_ROOM, NO_ROOM);
            return;
        }
        if (room == null || !session.rooms.contains(room)) {
            session.fail(Reason.NOT_IN_ROOM, "you are not in '" + Names.room(typed) + "'");
            return;
        }
        ChatEvent.Parted parted = new ChatEvent.Parted(room.name, session.nick);
        room.deliver(parted);
        room.members.remove(session);
        session.rooms.remove(room);
        if (session.current == room) {
            session.current = session.rooms.stream().reduce((first, second) -> second).orElse(null);
            session.deliver(new ChatEvent.Current(session.current == null ? null : session.current.name));
        }
    }

    void rooms(Session session) {
        List<ChatEvent.RoomInfo> list = hub.rooms.values().stream()
                .sorted(Comparator.comparing(r -> Names.key(r.name)))
                .map(r -> new ChatEvent.RoomInfo(r.name, r.members.size(), r.topic))
                .toList();
        session.deliver(new ChatEvent.Rooms(list));
    }

    void members(Session session) {
        Room room = session.current;
        if (room == null) {
            session.fail(Reason.NO_ROOM, NO_ROOM);
            return;
        }
        List<ChatEvent.Member> members = room.members.stream()
                .map(s -> new ChatEvent.Member(s.nick, s.admin()))
                .sorted(Comparator.comparing(m -> Names.key(m.nick())))
                .toList();
        session.deliver(new ChatEvent.Members(room.name, members));
    }

    void whois(Session session, String nick) {
        Session who = hub.session(nick);
        if (who == null) {
            session.fail(Reason.NO_SUCH_NICK, "no one called '" + nick + "' is here");
            return;
        }
        Instant now = hub.now();
        Instant active = who.lastSpoke != null ? who.lastSpoke : who.connectedAt;
        Duration idle = now.isAfter(active) ? Duration.between(active, now) : Duration.ZERO;
        session.deliver(new ChatEvent.Whois(who.nick, who.account == null ? null : who.account.name, who.admin(),
                who.rooms.stream().map(r -> r.name).toList(), who.connectedAt, idle,
                session.admin() ? who.address : null));
    }

    void topic(Session session, String topic) {
        Room room = session.current;
        if (room == null) {
            session.fail(Reason.NO_ROOM, NO_ROOM);
            return;
        }
        if (topic == null) {
            session.deliver(new ChatEvent.Topic(room.name, room.topic, room.topicBy, false));
            return;
        }
        if (blank(session, topic) || hub.moderation.muted(session)) {
            return;
        }
        room.topic = topic;
        room.topicBy = session.nick;
        hub.store.saveRoom(room.name, topic, session.nick);
        room.deliver(new ChatEvent.Topic(room.name, topic, session.nick, true));
    }

    void history(Session session, int count) {
        Room room = session.current;
        if (room == null) {
            session.fail(Reason.NO_ROOM, NO_ROOM);
            return;
        }
        int n = count <= 0 ? hub.settings.historyReplay() : Math.min(count, hub.settings.historyMax());
        session.deliver(new ChatEvent.History(room.name, room.last(n), ChatEvent.Replay.ASKED));
    }

    /** What a returning user missed in {@code room} since message {@code lastSeen}, if anything. */
    void missed(Session session, Room room, long lastSeen) {
        List<ChatMessage> missed = room.since(lastSeen, hub.settings.historyReplay());
        if (!missed.isEmpty()) {
            session.deliver(new ChatEvent.History(room.name, missed, ChatEvent.Replay.MISSED));
        }
    }

    private static boolean blank(Session session, String text) {
        if (text == null || text.isBlank()) {
            session.fail(Reason.EMPTY, "nothing to say");
            return true;
        }
        return false;
    }
}
