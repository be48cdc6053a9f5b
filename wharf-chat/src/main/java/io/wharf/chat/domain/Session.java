package io.wharf.chat.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One connected user, as a front-end holds it: every request a user can make is a method here. Requests are
 * asynchronous: each is queued to the hub and answered, in request order, through the session's
 * {@link ChatSink}. Nothing here blocks, so a front-end may call it from an event loop.
 *
 * <p>Threading: the request methods are safe from any thread; a front-end normally calls them from its
 * connection's handler thread, which keeps one user's requests in the order they were typed. The fields are
 * confined to the hub thread.
 */
public final class Session {

    private final ChatHub hub;
    private final ChatSink sink;
    final String address;
    String nick;
    /** The account logged in as, or null for a guest. */
    Account account;
    /** Joined rooms, in join order; {@code current} is where plain messages go. */
    final Set<Room> rooms = new LinkedHashSet<>();
    Room current;
    Instant mutedUntil;
    boolean ended;
    final Instant connectedAt;
    /** When the user last said something (in a room or privately); null if never. */
    Instant lastSpoke;

    Session(ChatHub hub, ChatSink sink, String address, Instant connectedAt) {
        this.hub = hub;
        this.sink = sink;
        this.address = address;
        this.connectedAt = connectedAt;
    }

    /** Says {@code text} in the current room. */
    public void say(String text) {
        hub.message(this, "say", text, () -> hub.conversation.say(this, text, false));
    }

    /** An action in the current room ("waves"). */
    public void act(String text) {
        hub.message(this, "act", text, () -> hub.conversation.say(this, text, true));
    }

    public void privateMessage(String nick, String text) {
        hub.message(this, "private", text, () -> hub.conversation.privateMessage(this, nick, text));
    }

    public void changeNick(String newNick) {
        hub.run(this, () -> hub.accounts.changeNick(this, newNick));
    }

    /** Joins {@code room} (creating it) and makes it current. */
    public void join(String room) {
        hub.run(this, () -> hub.conversation.join(this, room));
    }

    /** Leaves the current room. */
    public void part() {
        hub.run(this, () -> hub.conversation.part(this, null));
    }

    public void part(String room) {
        hub.run(this, () -> hub.conversation.part(this, room));
    }

    public void listRooms() {
        hub.run(this, () -> hub.conversation.rooms(this));
    }

    public void listMembers() {
        hub.run(this, () -> hub.conversation.members(this));
    }

    /** Who {@code nick} is: account or guest, rooms, idle time, connected since (and, to an admin, the address). */
    public void whois(String nick) {
        hub.run(this, () -> hub.conversation.whois(this, nick));
    }

    /** Shows the current room's topic. */
    public void showTopic() {
        hub.run(this, () -> hub.conversation.topic(this, null));
    }

    public void setTopic(String topic) {
        hub.run(this, () -> hub.conversation.topic(this, topic));
    }

    /** The current room's last {@code count} messages; 0 or less asks for the usual replay length. */
    public void history(int count) {
        hub.run(this, () -> hub.conversation.history(this, count));
    }

    /** Registers an account under {@code name} and logs in. The password array is cleared once hashed. */
    public void register(String name, char[] password) {
        hub.run(this, () -> hub.accounts.register(this, name, password));
    }

    /** The password array is cleared once checked. */
    public void login(String name, char[] password) {
        hub.run(this, () -> hub.accounts.login(this, name, password));
    }

    public void kick(String nick) {
        hub.run(this, () -> hub.moderation.kick(this, nick, null));
    }

    public void kick(String nick, String reason) {
        hub.run(this, () -> hub.moderation.kick(this, nick, reason));
    }

    public void ban(String nick) {
        hub.run(this, () -> hub.moderation.ban(this, nick, null));
    }

    public void ban(String nick, String reason) {
        hub.run(this, () -> hub.moderation.ban(this, nick, reason));
    }

    public void unban(String who) {
        hub.run(this, () -> hub.moderation.unban(this, who));
    }

    /** Lists the bans in force (admins only). */
    public void listBans() {
        hub.run(this, () -> hub.moderation.bans(this));
    }

    /** Mutes {@code nick} for the default time ({@link ChatSettings#defaultMute()}). */
    public void mute(String nick) {
        hub.run(this, () -> hub.moderation.mute(this, nick, null));
    }

    /** Mutes {@code nick} for {@code duration}; {@link Duration#ZERO} lifts a mute. */
    public void mute(String nick, Duration duration) {
        hub.run(this, () -> hub.moderation.mute(this, nick, duration));
    }

    public void broadcast(String text) {
        hub.message(this, "broadcast", text, () -> hub.moderation.broadcast(this, text));
    }

    /** Hands {@code payload} back as an {@link ChatEvent.Echo}, in order with this session's other events. */
    public void echo(Object payload) {
        hub.run(this, () -> deliver(new ChatEvent.Echo(payload)));
    }

    /** Leaves the chat: members are told {@code reason}, the session gets {@link ChatEvent.Disconnected}. */
    public void quit(String reason) {
        hub.run(this, () -> hub.end(this, reason, true));
    }

    /** The connection is gone: leaves the chat without telling the session. Safe to call more than once. */
    public void closed() {
        hub.run(this, () -> hub.end(this, "connection closed", false));
    }

    void deliver(ChatEvent event) {
        sink.deliver(event);
    }

    void fail(ChatEvent.Reason reason, String message) {
        sink.deliver(new ChatEvent.Failure(reason, message));
    }

    boolean admin() {
        return account != null && hub.settings.isAdmin(account.name);
    }

    @Override
    public String toString() {
        return nick == null ? "session@" + address : nick;
    }
}
