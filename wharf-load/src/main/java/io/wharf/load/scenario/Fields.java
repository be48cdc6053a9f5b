package io.wharf.load.scenario;

import io.wharf.core.config.Spelling;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to one map of a scenario file, with the errors worded as server.conf's are:
 * {@code file:line: path.key: what is wrong}. Constructing it rejects keys that are not in {@code allowed}, with
 * the closest allowed key as a hint. Immutable; any thread.
 */
public final class Fields {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,6})?)\\s*(ms|s|m|h)",
            Pattern.CASE_INSENSITIVE);

    /** Pass as {@code allowed} for a map whose keys are the user's own (HTTP header names). */
    public static final Set<String> ANY = java.util.Collections.unmodifiableSet(new java.util.HashSet<>());

    private final String file;
    private final String path;
    private final Node.Mapping map;

    Fields(String file, String path, Node node, Set<String> allowed) throws ScenarioException {
        this.file = file;
        this.path = path;
        if (!(node instanceof Node.Mapping m)) {
            throw new ScenarioException(file + ":" + node.line() + ": " + (path.isEmpty() ? "the file" : path)
                    + ": expected a map of keys, found " + node.kind());
        }
        this.map = m;
        for (String key : m.entries().keySet()) {
            if (allowed != ANY && !allowed.contains(key)) {
                String hint = Spelling.closest(key.toLowerCase(Locale.ROOT), allowed)
                        .map(c -> " (did you mean '" + c + "'?)")
                        .orElse(": expected one of " + String.join(", ", allowed.stream().sorted().toList()));
                throw new ScenarioException(where(key) + "unknown key" + hint);
            }
        }
    }

    /** The file name as errors show it. */
    public String file() {
        return file;
    }

    public boolean has(String key) {
        return map.entries().containsKey(key);
    }

    /** The keys given, in file order. */
    public Set<String> keys() {
        return map.entries().keySet();
    }

    /** The line of {@code key}, or of the map when it is absent. */
    public int line(String key) {
        return map.keyLines().getOrDefault(key, map.line());
    }

    /** A user error about {@code key}: {@code file:line: path.key: message}. */
    public ScenarioException error(String key, String message) {
        return new ScenarioException(where(key) + message);
    }

    public ScenarioException missing(String key, String what) {
        return new ScenarioException(file + ":" + map.line() + ": " + qualified(key) + ": missing: " + what);
    }

    public String string(String key) throws ScenarioException {
        Node.Scalar s = scalar(key, true);
        return s.text();
    }

    public String string(String key, String otherwise) throws ScenarioException {
        return has(key) ? string(key) : otherwise;
    }

    public long integer(String key, long min, long max) throws ScenarioException {
        Node.Scalar s = scalar(key, false);
        if (s.type() != Node.ScalarType.INTEGER) {
            throw error(key, "expected a whole number, found " + describe(s));
        }
        long v;
        try {
            v = Long.parseLong(s.text().replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(key, "too large: " + s.text());
        }
        if (v < min || v > max) {
            throw error(key, "must be " + min + "-" + max + ", not " + v);
        }
        return v;
    }

    public long integer(String key, long min, long max, long otherwise) throws ScenarioException {
        return has(key) ? integer(key, min, max) : otherwise;
    }

    /** A number, whole or not, at least {@code min}. */
    public double number(String key, double min) throws ScenarioException {
        Node.Scalar s = scalar(key, false);
        if (s.type() != Node.ScalarType.INTEGER && s.type() != Node.ScalarType.FLOAT) {
            throw error(key, "expected a number, found " + describe(s));
        }
        double v = Double.parseDouble(s.text().replace("_", ""));
        if (!Double.isFinite(v) || v < min) {
            throw error(key, "must be at least " + plain(min) + ", not " + s.text());
        }
        return v;
    }

    public boolean bool(String key, boolean otherwise) throws ScenarioException {
        if (!has(key)) {
            return otherwise;
        }
        Node.Scalar s = scalar(key, false);
        if (s.type() != Node.ScalarType.BOOLEAN) {
            throw error(key, "expected true or false, found " + describe(s));
        }
        return Boolean.parseBoolean(s.text().toLowerCase(Locale.ROOT));
    }

    /** {@code 500ms}, {@code 10s}, {@code 1.5s}, {@code 2m}, {@code 1h}: a unit is required. */
    public Duration duration(String key) throws ScenarioException {
        Node.Scalar s = scalar(key, false);
        Matcher m = DURATION.matcher(s.text().trim());
        if (s.type() == Node.ScalarType.NULL || !m.matches()) {
            throw error(key, "expected a duration such as 500ms, 10s or 2m, found " + describe(s));
        }
        double n = Double.parseDouble(m.group(1));
        double nanosPerUnit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> 1e6;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> 1e9;
        };
        return Duration.ofNanos(Math.round(n * nanosPerUnit));
    }

    public Duration duration(String key, Duration otherwise) throws ScenarioException {
        return has(key) ? duration(key) : otherwise;
    }

    /** The map under {@code key}, checked against {@code allowed}. */
    public Fields fields(String key, Set<String> allowed) throws ScenarioException {
        return new Fields(file, qualified(key), require(key), allowed);
    }

    public Optional<Fields> optionalFields(String key, Set<String> allowed) throws ScenarioException {
        return has(key) ? Optional.of(fields(key, allowed)) : Optional.empty();
    }

    /** The list under {@code key}, as maps checked against {@code allowed}; {@code path.key[i]} in errors. */
    public List<Fields> list(String key, Set<String> allowed) throws ScenarioException {
        Node n = require(key);
        if (!(n instanceof Node.Sequence seq)) {
            throw error(key, "expected a list (lines starting with '- '), found " + n.kind());
        }
        if (seq.items().isEmpty()) {
            throw error(key, "the list is empty");
        }
        java.util.ArrayList<Fields> out = new java.util.ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            out.add(new Fields(file, qualified(key) + "[" + (i + 1) + "]", seq.items().get(i), allowed));
        }
        return out;
    }

    /** The scalar texts of the list under {@code key}, or a single scalar as a list of one. */
    public List<Scalar> scalars(String key) throws ScenarioException {
        Node n = require(key);
        List<Node> items = n instanceof Node.Sequence seq ? seq.items() : List.of(n);
        java.util.ArrayList<Scalar> out = new java.util.ArrayList<>();
        for (Node item : items) {
            if (!(item instanceof Node.Scalar s) || s.type() == Node.ScalarType.NULL) {
                throw new ScenarioException(file + ":" + item.line() + ": " + qualified(key)
                        + ": expected a value, found " + item.kind());
            }
            out.add(new Scalar(s.text(), s.line()));
        }
        return out;
    }

    /** The plain values of the list under {@code key} (its maps are {@link #groups}'s). */
    public List<Scalar> scalarsOrGroups(String key) throws ScenarioException {
        java.util.ArrayList<Scalar> out = new java.util.ArrayList<>();
        for (Node item : sequence(key).items()) {
            if (item instanceof Node.Scalar s && s.type() != Node.ScalarType.NULL) {
                out.add(new Scalar(s.text(), s.line()));
            } else if (!(item instanceof Node.Mapping)) {
                throw new ScenarioException(file + ":" + item.line() + ": " + qualified(key)
                        + ": expected a rule or a map, found " + item.kind());
            }
        }
        return out;
    }

    /** The maps of the list under {@code key}, checked against {@code allowed}. */
    public List<Fields> groups(String key, Set<String> allowed) throws ScenarioException {
        java.util.ArrayList<Fields> out = new java.util.ArrayList<>();
        List<Node> items = sequence(key).items();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Node.Mapping) {
                out.add(new Fields(file, qualified(key) + "[" + (i + 1) + "]", items.get(i), allowed));
            }
        }
        return out;
    }

    private Node.Sequence sequence(String key) throws ScenarioException {
        Node n = require(key);
        if (!(n instanceof Node.Sequence seq)) {
            throw error(key, "expected a list (lines starting with '- '), found " + n.kind());
        }
        return seq;
    }

    /** One item of a list of plain values, with where it was written. */
    public record Scalar(String text, int line) {
    }

    /** An error at {@code line} about {@code key}. */
    public ScenarioException errorAt(int line, String key, String message) {
        return new ScenarioException(file + ":" + line + ": " + qualified(key) + ": " + message);
    }

    private Node require(String key) throws ScenarioException {
        Node n = map.entries().get(key);
        if (n == null) {
            throw missing(key, "required");
        }
        return n;
    }

    private Node.Scalar scalar(String key, boolean textWanted) throws ScenarioException {
        Node n = require(key);
        if (!(n instanceof Node.Scalar s)) {
            throw error(key, "expected " + (textWanted ? "text" : "a single value") + ", found " + n.kind());
        }
        if (textWanted && s.type() == Node.ScalarType.NULL) {
            throw error(key, "expected text, found nothing");
        }
        return s;
    }

    private static String describe(Node.Scalar s) {
        return s.type() == Node.ScalarType.NULL ? "nothing" : "'" + s.text() + "'";
    }

    private String where(String key) {
        return file + ":" + line(key) + ": " + qualified(key) + ": ";
    }

    private String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
