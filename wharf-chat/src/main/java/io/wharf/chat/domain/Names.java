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

    /**
     * Why {@code typed} is not a valid {@code what} ("nick", "room name"), in words: what is wrong with it, then
     * the rule, as in {@code 'bad name!' is not a nick: it has a space; use 1-32 letters, digits, _ or -}.
     */
    public static String invalid(String what, String typed) {
        String why;
        if (typed.isEmpty()) {
            why = "it is empty";
        } else if (typed.length() > MAX_LENGTH) {
            why = "it is " + typed.length() + " characters long";
        } else if (typed.chars().anyMatch(Character::isWhitespace)) {
            why = "it has a space";
        } else {
            int bad = typed.codePoints().filter(c -> !(c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-')))
                    .findFirst().orElse('?');
            why = "'" + Character.toString(bad) + "' is not allowed";
        }
        return "'" + typed + "' is not a " + what + ": " + why + "; use 1-" + MAX_LENGTH + " letters, digits, _ or -";
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
