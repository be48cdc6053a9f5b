package io.wharf.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Text with {@code ${name}} references to {@link Variables}, compiled once: literal runs and references in order.
 * {@code $$} is a literal dollar. Immutable; any thread.
 */
public final class RequestTemplate {

    private final List<String> literals;
    private final List<String> names;

    private RequestTemplate(List<String> literals, List<String> names) {
        this.literals = literals;
        this.names = names;
    }

    /** Compiles {@code text}; an unclosed {@code ${} or a name not in {@code known} is an IllegalArgumentException. */
    public static RequestTemplate compile(String text, Set<String> known) {
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                run.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("'${' without its '}' in \"" + text + "\"");
                }
                String name = text.substring(i + 2, end).trim();
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown variable ${" + name + "}"
                            + (known.isEmpty() ? ": the scenario defines none" : ": defined are "
                            + String.join(", ", known.stream().sorted().toList())));
                }
                literals.add(run.toString());
                run.setLength(0);
                names.add(name);
                i = end + 1;
            } else {
                run.append(c);
                i++;
            }
        }
        literals.add(run.toString());
        return new RequestTemplate(List.copyOf(literals), List.copyOf(names));
    }

    /** True when the text has no references: it renders the same every time. */
    public boolean constant() {
        return names.isEmpty();
    }

    /** The text with each reference replaced by its variable's value for request {@code index}. */
    public String render(Variables vars, long index) {
        if (names.isEmpty()) {
            return literals.get(0);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            b.append(literals.get(i)).append(vars.value(names.get(i), index));
        }
        return b.append(literals.get(names.size())).toString();
    }
}
