package io.wharf.chat.domain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The chat itself: users, rooms, accounts, history and moderation, apart from any wire protocol. Front-ends
 * call {@link #connect} once per user and talk to the {@link Session} it returns.
 *
 * <p>Threading: all chat state is confined to one platform thread, the hub ({@code wharf-chat-hub}). Every
 * request is a task queued to it, so requests need no locks, take effect one at a time in a single order,
 * and every member of a room sees that room's messages in the same order, each sender's in the order sent.
 * Events go out from the hub to each session's {@link ChatSink}, which must not block. Three kinds of work
 * never run on the hub: password hashing (a small pool of its own, then back to the hub), store writes (the
 * store's own writer) and socket writes (the front-end's connection queues them). The hub serves any
 * concurrency model the same way, since it never runs on a connection's thread; the price is that one core
 * routes all messages, which is plenty for thousands of users.
 */
public final class ChatHub implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatHub.class);

    final ChatSettings settings;
    final ChatStore store;
    final Clock clock;
    final Conversation conversation = new Conversation(this);
    final Accounts accounts;
    final Moderation moderation = new Moderation(this);
    /** Connected sessions by nick key. */
    final Map<String, Session> sessions = new HashMap<>();
    final Map<String, Room> rooms = new HashMap<>();
    final List<ChatStore.Ban> bans = new ArrayList<>();
    private final ExecutorService hub = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("wharf-chat-hub").factory());
    /** Null while tracing is off: then a message costs this one check. */
    private final ChatSpans spans;
    private long lastMessageId;
    private int guests;
    private volatile boolean closed;

    /** Loads the store's snapshot, on the caller, before any request can reach the hub thread. */
    public ChatHub(ChatSettings settings, ChatStore store, Clock clock) {
        this(settings, store, clock, io.wharf.tracing.Tracing.off());
    }

    /** As above, tracing each message into {@code tracing} ({@link ChatSpans}), which {@link #close} releases. */
    public ChatHub(ChatSettings settings, ChatStore store, Clock clock, io.wharf.tracing.Tracing tracing) {
        this.spans = tracing.enabled() ? new ChatSpans(tracing) : null;
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        ChatStore.Snapshot snapshot = store.load(settings.historyMax());
        this.accounts = new Accounts(this, snapshot.accounts());
        for (ChatStore.StoredRoom r : snapshot.rooms()) {
            Room room = new Room(r.name(), settings.historyMax());
            room.topic = r.topic();
            room.topicBy = r.topicBy();
            rooms.put(Names.key(r.name()), room);
        }
        for (ChatMessage m : snapshot.messages()) {
            Room room = rooms.computeIfAbsent(Names.key(m.room()), k -> new Room(m.room(), settings.historyMax()));
            room.remember(m);
            lastMessageId = Math.max(lastMessageId, m.id());
        }
        lastMessageId = Math.max(lastMessageId, accounts.lastSeenMessage());
        bans.addAll(snapshot.bans());
        room(settings.defaultRoom());
        log.info("chat: {} account(s), {} room(s), {} ban(s) loaded", snapshot.accounts().size(), rooms.size(),
                bans.size());
    }

    /** A new user at {@code address} (for address bans); events start flowing to {@code sink} at once. */
    public Session connect(ChatSink sink, String address) {
        Session session = new Session(this, sink, address, now());
        run(session, () -> {
            if (moderation.bannedAddress(address)) {
                session.ended = true;
                session.deliver(new ChatEvent.Disconnected("this address is banned"));
                return;
            }
            session.nick = guestNick();
            sessions.put(Names.key(session.nick), session);
            session.deliver(new ChatEvent.Connected(session.nick));
            conversation.join(session, settings.defaultRoom());
        });
        return session;
    }

    /**
     * Ends every session with {@code reason} (each is told, its rooms hear it, its last-seen is saved): what a
     * front-end does when the server starts a graceful shutdown, so its users need not be waited for.
     */
    public void endAll(String reason) {
        if (closed) {
            return;
        }
        try {
            hub.execute(() -> {
                for (Session s : List.copyOf(sessions.values())) {
                    end(s, reason, true);
                }
            });
        } catch (RejectedExecutionException e) {
            // already stopping
        }
    }

    /**
     * Stops the hub: every session is ended ("server shutting down", their last-seen saved), queued work is
     * finished, then the store is closed. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        endAll("server shutting down");
        closed = true;
        hub.shutdown();
        try {
            if (!hub.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("chat: hub still busy after 10s; stopping it");
                hub.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        accounts.close();
        store.close();
        if (spans != null) {
            spans.release(); // after the hub's last task: every message span has ended
        }
    }

    /** Queues {@code task} for the hub, unless the session has ended by the time it runs. */
    void run(Session session, Runnable task) {
        if (closed) {
            return;
        }
        try {
            hub.execute(() -> {
                if (session.ended) {
                    return;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("chat: request of {} failed: {}", session, e.toString(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down: the session is being ended anyway
        }
    }

    /** Queues the delivery of a message {@code session} sent ({@link #run}), as a span from now when tracing. */
    void message(Session session, String operation, String text, Runnable task) {
        ChatSpans traced = spans;
        if (traced == null) {
            run(session, task);
            return;
        }
        io.opentelemetry.api.trace.Span span = traced.received(operation, session, text);
        run(session, () -> traced.deliver(span, operation, task));
    }

    /** The message being delivered reached {@code sessions} sessions (in {@code room}, as message {@code id}). */
    void delivered(String room, long id, int sessions) {
        if (spans != null) {
            spans.delivered(room, id, sessions);
        }
    }

    /** Ends {@code session}: its rooms hear {@code reason} once each; {@code tell}s the session itself. */
    void end(Session session, String reason, boolean tell) {
        if (session.ended) {
            return;
        }
        session.ended = true;
        if (session.nick != null) {
            sessions.remove(Names.key(session.nick), session);
        }
        Set<Session> audience = new LinkedHashSet<>();
        for (Room room : session.rooms) {
            room.members.remove(session);
            audience.addAll(room.members);
        }
        ChatEvent.Quit quit = new ChatEvent.Quit(session.nick, reason);
        audience.forEach(s -> s.deliver(quit));
        accounts.seen(session);
        session.rooms.clear();
        session.current = null;
        if (tell) {
            session.deliver(new ChatEvent.Disconnected(reason));
        }
    }

    /** The room named {@code name}, created (and stored) if new. */
    Room room(String name) {
        String key = Names.key(name);
        Room room = rooms.get(key);
        if (room == null) {
            room = new Room(name, settings.historyMax());
            rooms.put(key, room);
            store.saveRoom(name, null, null);
        }
        return room;
    }

    Session session(String nick) {
        return nick == null ? null : sessions.get(Names.key(nick));
    }

    long nextMessageId() {
        return ++lastMessageId;
    }

    long lastMessageId() {
        return lastMessageId;
    }

    Instant now() {
        return clock.instant();
    }

    /** A free guest nick that is nobody's account either. */
    private String guestNick() {
        for (;;) {
            String nick = "guest" + ++guests;
            if (session(nick) == null && !accounts.exists(nick)) {
                return nick;
            }
        }
    }
}
