package io.wharf.chat.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules for nicknames, account names and room names: 1 to 32 ASCII letters, digits, {@code _} or {@code -},
 * unique ignoring case. A room may be written with a leading {@code #}, which is not part of its name.
 *
 * <p>Threading: stateless.
 */
public final class Names {

    public static final int MAX_LENGTH = 32;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

    private Names() {
    }

    public static boolean valid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** The identity of a name: two names are the same nick, account or room when their keys are equal. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** A room name as typed, without a leading {@code #}. */
    public static String room(String typed) {
        return typed.startsWith("#") ? typed.substring(1) : typed;
    }
}
