package io.wharf.chat.domain;

import io.wharf.chat.domain.ChatEvent.Action;
import io.wharf.chat.domain.ChatEvent.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What admins (accounts named in the settings) may do: kick, ban, list and lift bans, mute, broadcast; and the
 * checks that enforce bans and mutes. Bans are stored and cover the account and the address of whom they name,
 * and are lifted by that name, the account or the address;
 * mutes live in memory and follow the account (or, for a guest, the session). Threading: hub thread only.
 */
final class Moderation {

    private static final Logger log = LoggerFactory.getLogger(Moderation.class);

    private final ChatHub hub;

    Moderation(ChatHub hub) {
        this.hub = hub;
    }

    void kick(Session admin, String nick, String reason) {
        Session target = target(admin, nick, "kick");
        if (target == null) {
            return;
        }
        String why = "kicked by " + admin.nick + (reason == null ? "" : ": " + reason);
        log.info("chat: {} kicked {}", admin.nick, target.nick);
        admin.deliver(new ChatEvent.Moderated(Action.KICKED, target.nick, admin.nick, reason));
        hub.end(target, why, true);
    }

    /** Bans the account (if logged in) and address of {@code nick}, or an account by name when not connected. */
    void ban(Session admin, String nick, String reason) {
        if (!allowed(admin, "ban")) {
            return;
        }
        Session target = hub.session(nick);
        Account account = target != null ? target.account : hub.accounts.account(nick);
        if (target == null && account == null) {
            admin.fail(Reason.NO_SUCH_NICK, "no one called '" + nick + "' is here or registered");
            return;
        }
        String name = target != null ? target.nick : account.name;
        ChatStore.Ban ban = new ChatStore.Ban(name, account == null ? null : account.name,
                target == null ? null : target.address, admin.nick, hub.now(), reason);
        hub.bans.add(ban);
        hub.store.addBan(ban);
        log.info("chat: {} banned {} (account {}, address {})", admin.nick, name, ban.account(), ban.address());
        admin.deliver(new ChatEvent.Moderated(Action.BANNED, name, admin.nick, reason));
        String why = "banned by " + admin.nick + (reason == null ? "" : ": " + reason);
        if (target != null) {
            hub.end(target, why, true);
        }
    }

    /** Lifts the bans under the name {@code who}, on the account {@code who} or on the address {@code who}. */
    void unban(Session admin, String who) {
        if (!allowed(admin, "unban")) {
            return;
        }
        List<ChatStore.Ban> lifted = hub.bans.stream().filter(b -> matches(b, who)).toList();
        if (lifted.isEmpty()) {
            admin.fail(Reason.NO_SUCH_BAN, "no ban on '" + who + "': /bans lists them");
            return;
        }
        hub.bans.removeAll(lifted);
        hub.store.removeBans(who);
        String what = lifted.stream().map(Moderation::covers).distinct().collect(Collectors.joining("; "));
        log.info("chat: {} lifted {} ban(s) on {} ({})", admin.nick, lifted.size(), who, what);
        admin.deliver(new ChatEvent.Moderated(Action.UNBANNED, who, admin.nick, what));
    }

    /** The bans in force, oldest first: admins only, since they show addresses. */
    void bans(Session admin) {
        if (allowed(admin, "list bans")) {
            admin.deliver(new ChatEvent.Bans(List.copyOf(hub.bans)));
        }
    }

    void mute(Session admin, String nick, Duration duration) {
        Session target = target(admin, nick, "mute");
        if (target == null) {
            return;
        }
        Duration d = duration == null ? hub.settings.defaultMute() : duration;
        Instant until = d.isZero() ? null : hub.now().plus(d);
        target.mutedUntil = until;
        if (target.account != null) {
            target.account.mutedUntil = until;
        }
        ChatEvent event = until == null
                ? new ChatEvent.Moderated(Action.UNMUTED, target.nick, admin.nick, null)
                : new ChatEvent.Moderated(Action.MUTED, target.nick, admin.nick, "for " + minutes(d));
        admin.deliver(event);
        if (target != admin) {
            target.deliver(event);
        }
    }

    void broadcast(Session admin, String text) {
        if (!allowed(admin, "broadcast")) {
            return;
        }
        if (text == null || text.isBlank()) {
            admin.fail(Reason.EMPTY, "nothing to broadcast");
            return;
        }
        ChatEvent.Broadcast event = new ChatEvent.Broadcast(admin.nick, text, hub.now());
        List<Session> everyone = List.copyOf(hub.sessions.values());
        for (Session s : everyone) {
            s.deliver(event);
        }
        hub.delivered(null, 0, everyone.size());
    }

    /** True (and the session told so) when {@code session} may not speak now. */
    boolean muted(Session session) {
        Instant now = hub.now();
        Instant until = session.mutedUntil;
        if (session.account != null && session.account.mutedUntil != null
                && (until == null || session.account.mutedUntil.isAfter(until))) {
            until = session.account.mutedUntil;
        }
        if (until == null || !until.isAfter(now)) {
            return false;
        }
        long seconds = (Duration.between(now, until).toMillis() + 999) / 1000;
        session.fail(Reason.MUTED, "you are muted for " + (seconds >= 60 ? (seconds + 59) / 60 + " more minute(s)"
                : seconds + " more second(s)"));
        return true;
    }

    boolean bannedAddress(String address) {
        return address != null && hub.bans.stream().anyMatch(b -> address.equals(b.address()));
    }

    boolean bannedAccount(String account) {
        return hub.bans.stream().anyMatch(b -> b.account() != null && Names.key(b.account()).equals(Names.key(account)));
    }

    private Session target(Session admin, String nick, String what) {
        if (!allowed(admin, what)) {
            return null;
        }
        Session target = hub.session(nick);
        if (target == null) {
            admin.fail(Reason.NO_SUCH_NICK, "no one called '" + nick + "' is here");
        }
        return target;
    }

    private static boolean allowed(Session session, String what) {
        if (session.admin()) {
            return true;
        }
        session.fail(Reason.NOT_ADMIN, "only admins may " + what + (session.account == null
                ? " (log in first if you are one)" : ""));
        return false;
    }

    static boolean matches(ChatStore.Ban ban, String who) {
        String key = Names.key(who);
        return who.equals(ban.address()) || ban.account() != null && Names.key(ban.account()).equals(key)
                || ban.nick() != null && Names.key(ban.nick()).equals(key);
    }

    /** What a ban keeps out, in words: "account bob, address 10.0.0.7". */
    static String covers(ChatStore.Ban ban) {
        List<String> parts = new ArrayList<>();
        if (ban.account() != null) {
            parts.add("account " + ban.account());
        }
        if (ban.address() != null) {
            parts.add("address " + ban.address());
        }
        return String.join(", ", parts);
    }

    private static String minutes(Duration d) {
        long m = d.toMinutes();
        return m >= 1 && d.toSeconds() % 60 == 0 ? m + " minute(s)" : d.toSeconds() + " second(s)";
    }
}
