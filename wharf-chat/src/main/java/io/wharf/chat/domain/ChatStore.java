package io.wharf.chat.domain;

import java.time.Instant;
import java.util.List;

/**
 * Where the chat keeps what must survive a restart: accounts, rooms and topics, bans, history.
 *
 * <p>Threading: {@link #load} once, before the hub starts. The write methods are called on the hub thread
 * and must not block it: an implementation queues them for a writer of its own, in call order.
 * {@link #close} writes what is queued, then releases the store.
 */
public interface ChatStore extends AutoCloseable {

    record StoredAccount(String name, String passwordHash, long lastSeenMessage, Instant lastSeen,
                         List<String> rooms) {
    }

    record StoredRoom(String name, String topic, String topicBy) {
    }

    /**
     * A ban of whoever was called {@code nick}: by account name, by address, or both (one ban, lifted
     * together); {@code reason} may be null. A ban lasts until it is lifted.
     */
    record Ban(String nick, String account, String address, String by, Instant time, String reason) {

        /** The name it was banned under (older bans, stored without one, go by account, then address). */
        public String name() {
            return nick != null ? nick : account != null ? account : address;
        }
    }

    /** Everything at start-up: messages are the last {@code historyPerRoom} of each room, in id order. */
    record Snapshot(List<StoredAccount> accounts, List<StoredRoom> rooms, List<ChatMessage> messages, List<Ban> bans) {
    }

    Snapshot load(int historyPerRoom);

    void saveAccount(String name, String passwordHash);

    /** Where a logged-in user was when they left: the last message id then, and their rooms. */
    void saveSeen(String account, long lastMessage, Instant when, List<String> rooms);

    void saveRoom(String name, String topic, String topicBy);

    void append(ChatMessage message);

    void addBan(Ban ban);

    /** Lifts every ban under the name, on the account, or on the address {@code who}. */
    void removeBans(String who);

    @Override
    void close();
}
