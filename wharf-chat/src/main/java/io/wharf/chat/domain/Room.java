package io.wharf.chat.domain;

import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A room: its members, its topic and the tail of its history. Rooms outlive their members (and, stored,
 * restarts). Threading: confined to the hub thread.
 */
final class Room {

    final String name;
    final Set<Session> members = new LinkedHashSet<>();
    private final ArrayDeque<ChatMessage> history = new ArrayDeque<>();
    private final int historyMax;
    String topic;
    String topicBy;

    Room(String name, int historyMax) {
        this.name = name;
        this.historyMax = historyMax;
    }

    void remember(ChatMessage message) {
        history.addLast(message);
        if (history.size() > historyMax) {
            history.removeFirst();
        }
    }

    /** The last {@code n} messages, oldest first. */
    List<ChatMessage> last(int n) {
        List<ChatMessage> all = List.copyOf(history);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** Messages after {@code id}, at most the last {@code n} of them, oldest first. */
    List<ChatMessage> since(long id, int n) {
        List<ChatMessage> after = history.stream().filter(m -> m.id() > id).toList();
        return after.subList(Math.max(0, after.size() - n), after.size());
    }

    void deliver(ChatEvent event) {
        for (Session member : members) {
            member.deliver(event);
        }
    }
}
