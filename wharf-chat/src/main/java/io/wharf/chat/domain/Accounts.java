package io.wharf.chat.domain;

import io.wharf.chat.domain.ChatEvent.Reason;
import io.wharf.core.security.PasswordHasher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Nicknames and accounts: nick changes, registration, login and the return of a logged-in user to their
 * rooms. Passwords are PBKDF2 hashes ({@link PasswordHasher}) and are never logged.
 *
 * <p>Threading: runs on the hub thread, except the hashing, which costs a deliberate ~0.1 s of CPU each and
 * so runs on a pool of its own ({@code wharf-chat-hash}); its result comes back to the hub as a new task,
 * where the state is checked again, since anything may have changed meanwhile.
 */
final class Accounts {

    private final ChatHub hub;
    private final Map<String, Account> accounts = new HashMap<>();
    private final PasswordHasher hasher;
    /** Checked when a login names no account, so that costs as much as a wrong password. */
    private final String dummyHash;
    private final ExecutorService hashing = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
            Thread.ofPlatform().name("wharf-chat-hash-", 1).daemon().factory());

    Accounts(ChatHub hub, List<ChatStore.StoredAccount> stored) {
        this.hub = hub;
        this.hasher = new PasswordHasher(hub.settings.passwordIterations());
        this.dummyHash = hasher.hash("no such account".toCharArray());
        for (ChatStore.StoredAccount a : stored) {
            accounts.put(Names.key(a.name()),
                    new Account(a.name(), a.passwordHash(), a.lastSeenMessage(), a.lastSeen(), a.rooms()));
        }
    }

    boolean exists(String name) {
        return accounts.containsKey(Names.key(name));
    }

    long lastSeenMessage() {
        return accounts.values().stream().mapToLong(a -> a.lastSeenMessage).max().orElse(0);
    }

    Account account(String name) {
        return accounts.get(Names.key(name));
    }

    void changeNick(Session session, String nick) {
        if (!Names.valid(nick)) {
            session.fail(Reason.NICK_INVALID, Names.invalid("nick", nick));
            return;
        }
        Session holder = hub.session(nick);
        if (holder != null && holder != session) {
            session.fail(Reason.NICK_TAKEN, "nick '" + holder.nick + "' is taken");
            return;
        }
        Account owner = account(nick);
        if (owner != null && owner != session.account) {
            session.fail(Reason.NICK_REGISTERED, "nick '" + owner.name + "' is registered: log in to use it");
            return;
        }
        rename(session, nick);
    }

    void register(Session session, String name, char[] password) {
        if (!Names.valid(name)) {
            Arrays.fill(password, '\0');
            session.fail(Reason.NICK_INVALID, Names.invalid("valid name", name));
            return;
        }
        if (password.length == 0) {
            session.fail(Reason.EMPTY, "the password is empty");
            return;
        }
        if (!registrable(session, name)) {
            Arrays.fill(password, '\0');
            return;
        }
        offload(session, () -> {
            try {
                return hasher.hash(password);
            } finally {
                Arrays.fill(password, '\0');
            }
        }, hash -> {
            if (!registrable(session, name)) {
                return;
            }
            Account account = new Account(name, hash, hub.lastMessageId(), null, List.of());
            accounts.put(Names.key(name), account);
            hub.store.saveAccount(name, hash);
            session.account = account;
            rename(session, name);
            session.deliver(new ChatEvent.Registered(name));
        });
    }

    void login(Session session, String name, char[] password) {
        Account known = Names.valid(name) ? account(name) : null;
        String hash = known == null ? dummyHash : known.passwordHash;
        offload(session, () -> {
            try {
                return PasswordHasher.verify(password, hash) && known != null;
            } finally {
                Arrays.fill(password, '\0');
            }
        }, ok -> {
            if (!ok || account(name) != known) {
                session.fail(Reason.LOGIN_FAILED, "wrong name or password");
                return;
            }
            loggedIn(session, known);
        });
    }

    /** Records where a logged-in user was as they leave. */
    void seen(Session session) {
        Account account = session.account;
        if (account == null) {
            return;
        }
        account.lastSeenMessage = hub.lastMessageId();
        account.lastSeen = hub.now();
        Set<Room> rooms = new LinkedHashSet<>(session.rooms);
        if (session.current != null) {
            // current last, so the user comes back talking where they left off
            rooms.remove(session.current);
            rooms.add(session.current);
        }
        account.rooms = rooms.stream().map(r -> r.name).toList();
        hub.store.saveSeen(account.name, account.lastSeenMessage, account.lastSeen, account.rooms);
    }

    void close() {
        hashing.shutdownNow();
    }

    private void loggedIn(Session session, Account account) {
        if (hub.moderation.bannedAccount(account.name)) {
            hub.end(session, "this account is banned", true);
            return;
        }
        Session other = hub.session(account.name);
        if (other != null && other != session) {
            hub.end(other, "logged in from elsewhere", true);
        }
        long lastSeenMessage = account.lastSeenMessage;
        Instant lastSeen = account.lastSeen;
        List<String> rooms = account.rooms;
        session.account = account;
        rename(session, account.name);
        session.deliver(new ChatEvent.LoggedIn(account.name, lastSeen));
        // a room the guest is already in showed its replay on joining, and its messages since: only the rooms
        // entered now say what was missed there, or the same messages would show twice
        List<Room> entered = new ArrayList<>();
        for (String name : rooms) {
            Room room = hub.room(name);
            if (!session.rooms.contains(room)) {
                hub.conversation.enter(session, room);
                entered.add(room);
            } else {
                session.current = room;
                session.deliver(new ChatEvent.Current(room.name));
            }
        }
        if (lastSeen != null) {
            for (Room room : entered) {
                hub.conversation.missed(session, room, lastSeenMessage);
            }
        }
    }

    /** True when {@code name} is free to register for {@code session}; says why not otherwise. */
    private boolean registrable(Session session, String name) {
        if (session.account != null) {
            session.fail(Reason.ACCOUNT_EXISTS, "you are already logged in as " + session.account.name);
            return false;
        }
        if (exists(name)) {
            session.fail(Reason.ACCOUNT_EXISTS, "'" + account(name).name + "' is already registered");
            return false;
        }
        Session holder = hub.session(name);
        if (holder != null && holder != session) {
            session.fail(Reason.NICK_TAKEN, "nick '" + holder.nick + "' is in use by someone else");
            return false;
        }
        return true;
    }

    private void rename(Session session, String nick) {
        String old = session.nick;
        if (old.equals(nick)) {
            return;
        }
        hub.sessions.remove(Names.key(old), session);
        hub.sessions.put(Names.key(nick), session);
        session.nick = nick;
        ChatEvent.NickChanged changed = new ChatEvent.NickChanged(old, nick);
        Set<Session> audience = new LinkedHashSet<>();
        audience.add(session);
        session.rooms.forEach(r -> audience.addAll(r.members));
        audience.forEach(s -> s.deliver(changed));
    }

    /** Runs {@code work} off the hub, then {@code then} with its result back on the hub. */
    private <T> void offload(Session session, Supplier<T> work, Consumer<T> then) {
        try {
            hashing.execute(() -> {
                T result = work.get();
                hub.run(session, () -> then.accept(result));
            });
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }
}
