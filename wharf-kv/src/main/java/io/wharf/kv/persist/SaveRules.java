package io.wharf.kv.persist;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis's {@code save} rules: a snapshot is taken when at least {@code changes} writes happened and
 * {@code seconds} have passed since the last save. Threading: immutable.
 */
public record SaveRules(List<Rule> rules) {

    public record Rule(long seconds, long changes) {
    }

    public static final SaveRules NONE = new SaveRules(List.of());

    /** {@code "3600 1 300 100"}; {@code off}, {@code none} or {@code ""} for no rules. */
    public static SaveRules parse(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.equals("\"\"") || t.equalsIgnoreCase("off") || t.equalsIgnoreCase("none")) {
            return NONE;
        }
        String[] parts = t.split("\\s+");
        if (parts.length % 2 != 0) {
            throw new IllegalArgumentException("'" + text + "' is not pairs of 'SECONDS CHANGES'");
        }
        List<Rule> out = new ArrayList<>();
        for (int i = 0; i < parts.length; i += 2) {
            try {
                long s = Long.parseLong(parts[i]);
                long c = Long.parseLong(parts[i + 1]);
                if (s < 1 || c < 1) {
                    throw new NumberFormatException();
                }
                out.add(new Rule(s, c));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + parts[i] + " " + parts[i + 1]
                        + "' is not a rule 'SECONDS CHANGES' of two positive numbers");
            }
        }
        return new SaveRules(List.copyOf(out));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** True when a rule says to save now. */
    boolean due(long dirty, long secondsSinceSave) {
        for (Rule r : rules) {
            if (dirty >= r.changes() && secondsSinceSave >= r.seconds()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Rule r : rules) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(r.seconds()).append(' ').append(r.changes());
        }
        return b.isEmpty() ? "off" : b.toString();
    }
}
