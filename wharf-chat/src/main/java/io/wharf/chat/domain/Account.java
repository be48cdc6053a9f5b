package io.wharf.chat.domain;

import java.time.Instant;
import java.util.List;

/**
 * A registered name: its password hash and where its user was when last seen. Threading: confined to the
 * hub thread.
 */
final class Account {

    final String name;
    final String passwordHash;
    long lastSeenMessage;
    Instant lastSeen;
    List<String> rooms;
    /** When a mute on this account ends; null when not muted. Kept here so a reconnect does not lift it. */
    Instant mutedUntil;

    Account(String name, String passwordHash, long lastSeenMessage, Instant lastSeen, List<String> rooms) {
        this.name = name;
        this.passwordHash = passwordHash;
        this.lastSeenMessage = lastSeenMessage;
        this.lastSeen = lastSeen;
        this.rooms = List.copyOf(rooms);
    }
}
