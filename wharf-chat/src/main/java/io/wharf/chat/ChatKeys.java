package io.wharf.chat;

import io.wharf.chat.domain.ChatSettings;
import io.wharf.chat.domain.Names;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The {@code [chat]} section of server.conf. None is live: a change takes a restart. */
public final class ChatKeys {

    private static final String S = "chat";

    public static final ConfigKey<Long> MAX_LINE = ConfigKey.size(S, "max_line", 4096L, 16, 1 << 20, false,
            "longest line accepted, terminator excluded; a longer one gets an error line and is not sent");
    public static final ConfigKey<String> DATABASE = ConfigKey.string(S, "database", "chat.db", false,
            "SQLite file for accounts, rooms, topics, bans and history; :memory: or off keeps nothing");
    public static final ConfigKey<String> DEFAULT_ROOM = ConfigKey.of(S, "default_room", "lobby", false,
            "the room every user starts in", ChatKeys::room);
    public static final ConfigKey<Integer> HISTORY_REPLAY = ConfigKey.integer(S, "history_replay", 50, 0, 10_000,
            false, "messages replayed on joining a room, and most shown per room as missed on login");
    public static final ConfigKey<Integer> HISTORY_MAX = ConfigKey.integer(S, "history_max", 500, 1, 100_000, false,
            "messages kept in memory per room: the most /history N shows");
    public static final ConfigKey<List<String>> ADMINS = ConfigKey.of(S, "admins", List.of(), false,
            "account names that may /kick, /ban, /unban, /mute and /broadcast, comma-separated", ChatKeys::names);
    public static final ConfigKey<Integer> MESSAGE_RATE = ConfigKey.integer(S, "message_rate", 5, 1, 1_000_000,
            false, "lines per second a client may send on average; past it a warning, then a disconnect");
    public static final ConfigKey<Integer> MESSAGE_BURST = ConfigKey.integer(S, "message_burst", 10, 1, 1_000_000,
            false, "lines a client may send at once before the rate applies");
    public static final ConfigKey<Duration> MUTE_TIME = ConfigKey.duration(S, "mute_time", Duration.ofMinutes(5),
            false, "how long /mute NICK silences when no minutes are given");
    public static final ConfigKey<Integer> PASSWORD_ITERATIONS = ConfigKey.integer(S, "password_iterations", 210_000,
            1_000, 10_000_000, false, "PBKDF2-SHA256 iterations for new passwords");

    public static final List<ConfigKey<?>> ALL = List.of(MAX_LINE, DATABASE, DEFAULT_ROOM, HISTORY_REPLAY,
            HISTORY_MAX, ADMINS, MESSAGE_RATE, MESSAGE_BURST, MUTE_TIME, PASSWORD_ITERATIONS);

    private ChatKeys() {
    }

    /** The domain's settings from a resolved config. */
    public static ChatSettings settings(Config c) {
        Duration mute = c.get(MUTE_TIME);
        return new ChatSettings(c.get(DEFAULT_ROOM), c.get(HISTORY_REPLAY), c.get(HISTORY_MAX),
                Set.copyOf(c.get(ADMINS)), mute, c.get(PASSWORD_ITERATIONS));
    }

    /** The database to open, or {@code :memory:} when nothing is to be kept. */
    public static String database(Config c) {
        String db = c.get(DATABASE).strip();
        return db.equalsIgnoreCase("off") ? ":memory:" : db;
    }

    private static String room(String raw) {
        String name = Names.room(raw.strip());
        if (!Names.valid(name)) {
            throw new IllegalArgumentException("'" + raw + "' is not a room name (1-32 letters, digits, _ or -)");
        }
        return name;
    }

    private static List<String> names(String raw) {
        Set<String> names = new LinkedHashSet<>();
        for (String n : Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            if (!Names.valid(n)) {
                throw new IllegalArgumentException("'" + n + "' is not an account name (1-32 letters, digits, _ or -)");
            }
            names.add(n);
        }
        return List.copyOf(names);
    }
}
