package io.wharf.chat.line;

import io.wharf.chat.domain.ChatEvent;
import io.wharf.chat.domain.ChatMessage;
import io.wharf.chat.domain.ChatStore;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The text form of chat events, one or more CRLF-ended lines each. Chat messages start with their time,
 * {@code 12:34:56 [room] nick: text} (with the date too when not from today), an action
 * {@code 12:34:56 [room] * nick waves}, a private message {@code 12:34:56 [alice -> bob] text}; every other
 * line starts with {@code * } (notices, listings, replies) or {@code ! } (refusals and errors), so a program
 * can tell them apart by the first character.
 *
 * <p>A history is cut to its newest messages that fit in {@link #HISTORY_BUDGET} bytes: written at once, a
 * longer one could pass the connection's {@code max_outbox} and get even a fast reader dropped.
 *
 * <p>Threading: {@link #format} is safe from any thread; {@link #encode} keeps a one-event cache and is for
 * the hub thread only, which delivers each event to every recipient in turn.
 */
final class LineFormat {

    static final int HISTORY_BUDGET = 256 * 1024;

    static final String EOL = "\r\n";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Clock clock;
    private ChatEvent lastEvent;
    private byte[] lastBytes;

    LineFormat(Clock clock) {
        this.clock = clock;
    }

    /**
     * The UTF-8 text of {@code event}, formatted once however many members it goes to; an {@link ChatEvent.Echo}
     * of a {@code byte[]} is those bytes as they are. Hub thread only.
     */
    byte[] encode(ChatEvent event) {
        if (event instanceof ChatEvent.Echo e && e.payload() instanceof byte[] raw) {
            return raw; // telnet's answers: bytes, not text
        }
        if (event != lastEvent) {
            lastBytes = format(event).getBytes(StandardCharsets.UTF_8);
            lastEvent = event;
        }
        return lastBytes;
    }

    String format(ChatEvent event) {
        return switch (event) {
            case ChatEvent.Connected c -> Help.welcome(c.nick());
            case ChatEvent.Said s -> message(s.message());
            case ChatEvent.Private p -> time(p.time()) + " [" + p.from() + " -> " + p.to() + "] " + p.text() + EOL;
            case ChatEvent.Joined j -> notice(j.nick() + " joined " + j.room());
            case ChatEvent.Parted p -> notice(p.nick() + " left " + p.room());
            case ChatEvent.NickChanged n -> notice(n.from() + " is now known as " + n.to());
            case ChatEvent.Quit q -> notice(q.nick() + " quit (" + q.reason() + ")");
            case ChatEvent.Current c -> notice(c.room() == null ? "you are in no room now: /join one"
                    : "now talking in " + c.room());
            case ChatEvent.Topic t -> topic(t);
            case ChatEvent.Rooms r -> notice("rooms (" + r.rooms().size() + "):") + r.rooms().stream()
                    .map(i -> notice("  " + i.name() + " (" + i.members() + ")" + (i.topic() == null ? "" : ": " + i.topic())))
                    .collect(Collectors.joining());
            case ChatEvent.Members m -> notice("in " + m.room() + " (" + m.members().size() + "): " + m.members().stream()
                    .map(u -> u.admin() ? u.nick() + " (admin)" : u.nick()).collect(Collectors.joining(", ")));
            case ChatEvent.History h -> history(h);
            case ChatEvent.Broadcast b -> notice("BROADCAST from " + b.from() + ": " + b.text());
            case ChatEvent.Registered r -> notice("registered and logged in as " + r.account());
            case ChatEvent.LoggedIn l -> notice("logged in as " + l.account()
                    + (l.lastSeen() == null ? "" : "; last seen " + stamp(l.lastSeen())));
            case ChatEvent.Moderated m -> notice(m.target() + " " + m.action().verb() + " by " + m.by()
                    + (m.detail() == null ? "" : " (" + m.detail() + ")"));
            case ChatEvent.Bans b -> bans(b);
            case ChatEvent.Whois w -> whois(w);
            case ChatEvent.Failure f -> error(f.message());
            case ChatEvent.Disconnected d -> notice("goodbye (" + d.reason() + ")");
            case ChatEvent.Echo e -> e.payload().toString();
        };
    }

    static String notice(String text) {
        return "* " + text + EOL;
    }

    static String error(String text) {
        return "! " + text + EOL;
    }

    private String topic(ChatEvent.Topic t) {
        if (t.changed()) {
            return notice(t.by() + " set the topic of " + t.room() + ": " + t.topic());
        }
        if (t.topic() == null) {
            return notice(t.room() + " has no topic");
        }
        return notice("topic of " + t.room() + ": " + t.topic() + (t.by() == null ? "" : " (set by " + t.by() + ")"));
    }

    private String whois(ChatEvent.Whois w) {
        String who = w.account() == null ? "guest" : "account " + w.account() + (w.admin() ? " (admin)" : "");
        return notice("whois " + w.nick() + ": " + who)
                + notice("  rooms: " + (w.rooms().isEmpty() ? "none" : String.join(", ", w.rooms())))
                + notice("  connected since " + stamp(w.connected()) + ", idle " + duration(w.idle()))
                + (w.address() == null ? "" : notice("  address " + w.address()));
    }

    /** {@code 42s}, {@code 5m 3s}, {@code 2h 7m}, {@code 3d 4h}. */
    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        }
        if (s < 86400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86400 + "d " + s % 86400 / 3600 + "h";
    }

    /** One line a ban: {@code mallory: address 10.0.0.7, by alice at 12:34:56, until lifted (spamming)}. */
    private String bans(ChatEvent.Bans b) {
        if (b.bans().isEmpty()) {
            return notice("no bans");
        }
        StringBuilder s = new StringBuilder(notice("bans (" + b.bans().size() + "); /unban NAME or ADDRESS lifts one:"));
        for (ChatStore.Ban ban : b.bans()) {
            List<String> covers = new ArrayList<>();
            if (ban.account() != null) {
                covers.add("account " + ban.account());
            } else if (ban.nick() != null) {
                covers.add("guest");
            }
            if (ban.address() != null) {
                covers.add("address " + ban.address());
            }
            s.append(notice("  " + ban.name() + ": " + String.join(", ", covers) + "; by " + ban.by() + " at "
                    + stamp(ban.time()) + ", until lifted" + (ban.reason() == null ? "" : " (" + ban.reason() + ")")));
        }
        return s.toString();
    }

    private String history(ChatEvent.History h) {
        if (h.messages().isEmpty()) {
            return notice("no messages in " + h.room() + " yet");
        }
        ArrayDeque<String> lines = new ArrayDeque<>();
        long bytes = 0;
        for (ChatMessage m : h.messages().reversed()) {
            String line = message(m);
            bytes += line.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > HISTORY_BUDGET && !lines.isEmpty()) {
                break;
            }
            lines.addFirst(line);
        }
        int n = lines.size();
        String head = switch (h.replay()) {
            case JOINED -> "last " + n + " message(s) in " + h.room() + ":";
            case ASKED -> "history of " + h.room() + ", " + n + " message(s):";
            case MISSED -> n + " message(s) in " + h.room() + " since you were last here:";
        };
        StringBuilder b = new StringBuilder(notice(head));
        lines.forEach(b::append);
        return b.append(notice("end of history")).toString();
    }

    private String message(ChatMessage m) {
        String who = m.action() ? "* " + m.nick() + " " : m.nick() + ": ";
        return stamp(m.time()) + " [" + m.room() + "] " + who + m.text() + EOL;
    }

    /** The time, with the date in front when it is not today. */
    private String stamp(Instant instant) {
        ZonedDateTime t = instant.atZone(clock.getZone());
        return t.toLocalDate().equals(LocalDate.now(clock)) ? TIME.format(t) : DATE_TIME.format(t);
    }

    private String time(Instant instant) {
        return TIME.format(instant.atZone(clock.getZone()));
    }
}
