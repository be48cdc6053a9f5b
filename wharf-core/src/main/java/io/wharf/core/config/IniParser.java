package io.wharf.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The syntax of {@code server.conf}, knowing nothing of keys: {@code [section]} headers and
 * {@code key = value} lines, with {@code #}/{@code ;} comments (whole-line, or inline after whitespace),
 * optional double quotes around a value (no escapes: a quoted value cannot hold a {@code "}), CR/LF/CRLF
 * line ends. Section and key names are returned lower-case. Stateless.
 */
final class IniParser {

    /** One meaningful line of the file. */
    sealed interface Line {
        int number();
    }

    record Section(String name, int number) implements Line {
    }

    /** {@code empty} is true for {@code key =} with nothing after it (as opposed to {@code key = ""}). */
    record Entry(String key, String value, boolean empty, int number) implements Line {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final int SHOWN = 60;

    private IniParser() {
    }

    static List<Line> parse(String text, String file) throws ConfigException {
        List<Line> out = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            out.add(line.startsWith("[") ? section(line, file, number) : entry(line, file, number));
        }
        return out;
    }

    private static Section section(String line, String file, int number) throws ConfigException {
        String header = stripComment(line);
        String name = header.endsWith("]") ? header.substring(1, header.length() - 1).strip() : "";
        if (!NAME.matcher(name).matches()) {
            throw ConfigException.at(file, number, "expected '[section]', got " + shown(line));
        }
        return new Section(name.toLowerCase(Locale.ROOT), number);
    }

    private static Entry entry(String line, String file, int number) throws ConfigException {
        int eq = line.indexOf('=');
        String key = eq < 0 ? "" : line.substring(0, eq).strip();
        if (!NAME.matcher(key).matches()) {
            throw ConfigException.at(file, number, "expected 'key = value', got " + shown(line));
        }
        key = key.toLowerCase(Locale.ROOT);
        String rest = line.substring(eq + 1).strip();
        if (!rest.startsWith("\"")) {
            String value = stripComment(rest);
            return new Entry(key, value, value.isEmpty(), number);
        }
        int close = rest.indexOf('"', 1);
        if (close < 0) {
            throw ConfigException.at(file, number, "unterminated quote in the value of '" + key + "'");
        }
        String after = rest.substring(close + 1).strip();
        if (!after.isEmpty() && !after.startsWith("#") && !after.startsWith(";")) {
            throw ConfigException.at(file, number,
                    "unexpected " + shown(after) + " after the closing quote of '" + key + "'");
        }
        return new Entry(key, rest.substring(1, close), false, number);
    }

    /** Cuts an inline comment: {@code #} or {@code ;} preceded by whitespace, so {@code a#b} stays whole. */
    private static String stripComment(String s) {
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c == '#' || c == ';') && Character.isWhitespace(s.charAt(i - 1))) {
                return s.substring(0, i).strip();
            }
        }
        return s.startsWith("#") || s.startsWith(";") ? "" : s;
    }

    private static String shown(String s) {
        return "'" + (s.length() > SHOWN ? s.substring(0, SHOWN) + "..." : s) + "'";
    }
}
