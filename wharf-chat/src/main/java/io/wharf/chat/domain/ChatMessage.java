package io.wharf.chat.domain;

import java.time.Instant;

/**
 * One thing said in a room, as kept in its history.
 *
 * @param id     server-wide sequence number: later messages have larger ids, across rooms and restarts
 * @param room   the room's name
 * @param nick   who said it, under the nick they had then
 * @param action true for an action ("waves") rather than a statement
 */
public record ChatMessage(long id, String room, String nick, String text, boolean action, Instant time) {
}
