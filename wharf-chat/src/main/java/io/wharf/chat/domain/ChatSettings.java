package io.wharf.chat.domain;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the chat behaves, whatever presents it. Immutable.
 *
 * @param defaultRoom        the room every client starts in
 * @param historyReplay      messages replayed when joining a room, and most shown as missed per room on login
 * @param historyMax         messages kept in memory per room: the most a history request can show
 * @param admins             account names (any case) that may moderate
 * @param defaultMute        how long a mute lasts when no duration is given
 * @param passwordIterations PBKDF2 iterations for new passwords
 */
public record ChatSettings(String defaultRoom, int historyReplay, int historyMax, Set<String> admins,
                           Duration defaultMute, int passwordIterations) {

    public ChatSettings {
        if (!Names.valid(defaultRoom)) {
            throw new IllegalArgumentException("invalid default room '" + defaultRoom + "'");
        }
        if (historyReplay < 0 || historyMax < 1) {
            throw new IllegalArgumentException("history sizes out of range");
        }
        admins = admins.stream().map(Names::key).collect(Collectors.toUnmodifiableSet());
    }

    public static ChatSettings defaults() {
        return new ChatSettings("lobby", 50, 500, Set.of(), Duration.ofMinutes(5), 210_000);
    }

    public ChatSettings withAdmins(Set<String> names) {
        return new ChatSettings(defaultRoom, historyReplay, historyMax, names, defaultMute, passwordIterations);
    }

    public ChatSettings withPasswordIterations(int iterations) {
        return new ChatSettings(defaultRoom, historyReplay, historyMax, admins, defaultMute, iterations);
    }

    public ChatSettings withHistory(int replay, int max) {
        return new ChatSettings(defaultRoom, replay, max, admins, defaultMute, passwordIterations);
    }

    boolean isAdmin(String account) {
        return account != null && admins.contains(Names.key(account));
    }
}
