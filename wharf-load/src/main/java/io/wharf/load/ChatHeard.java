package io.wharf.load;

/**
 * One thing a chat load client heard from the server, whatever the wire (a line of the telnet protocol, a JSON
 * event over WebSocket), as the {@link ChatWorker} needs it: what kind it is, whether it says the client is now
 * in its room or that the server is full, and for a message its room and text.
 *
 * <p>Threading: a view over the last unit read, reused for the next; one per load thread.
 */
interface ChatHeard {

    enum Kind {
        /** Someone joined, left, the client's room changed, the server's own replay: not measured. */
        NOTICE,
        /** The server refused something ("slow down", "nick taken"). */
        ERROR,
        /** A plain message in a room. */
        CHAT,
        OTHER
    }

    Kind kind();

    /** A {@link Kind#NOTICE} that the client now talks in {@code room}. */
    boolean nowIn(byte[] room);

    /** A {@link Kind#ERROR} that the server has no room for another client. */
    boolean busy();

    /** A {@link Kind#CHAT} message's room is {@code room}. */
    boolean inRoom(byte[] room);

    /** A {@link Kind#CHAT} message's text: {@code text()[textFrom(), textTo())}. */
    byte[] text();

    int textFrom();

    int textTo();

    /** The unit as it came, {@code raw()[0, rawLength())}, to quote. */
    byte[] raw();

    int rawLength();
}
