package io.wharf.kv.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HELP subcommand of every container command (CLIENT HELP, CONFIG HELP, ...), in Redis 7.0.15's words (a
 * resource taken from its replies), listing only the subcommands wharf has: an entry is a line naming a
 * subcommand and the indented lines under it. Answered as Redis's {@code addReplyHelp}, status lines in an array.
 *
 * <p>Threading: the texts are read once, when the table is built.
 */
final class ContainerHelp {

    private static final String RESOURCE = "/io/wharf/kv/container-help-7.0.15.txt";

    private ContainerHelp() {
    }

    /** Adds HELP to each container that has a text; call after every family has registered. */
    static void register(CommandTable t) {
        Map<String, List<String>> texts = load();
        for (Map.Entry<String, List<String>> e : texts.entrySet()) {
            String container = e.getKey();
            if (!t.isContainer(container)) {
                continue;
            }
            List<String> lines = filter(e.getValue(), t, container);
            t.sub(container, "help", 2, "loading stale", (s, a) -> {
                s.reply().array(lines.size());
                lines.forEach(l -> s.reply().simple(l));
            });
        }
    }

    /** The header, then the entries for subcommands the table has (HELP included). */
    private static List<String> filter(List<String> text, CommandTable t, String container) {
        java.util.Set<String> have = new java.util.HashSet<>();
        t.subcommandsOf(container).forEach(c -> have.add(c.name().substring(container.length() + 1)));
        have.add("help");
        List<String> out = new ArrayList<>();
        out.add(text.get(0));
        boolean keep = false;
        for (String line : text.subList(1, text.size())) {
            if (!line.startsWith(" ")) {
                String first = line.split("[ |]", 2)[0].toLowerCase(Locale.ROOT);
                // "(no subcommand)": the container alone, which wharf answers where it has a body
                keep = have.contains(first) || line.startsWith("(no subcommand)") && t.top(container).arity() == -1;
            }
            if (keep) {
                out.add(line);
            }
        }
        return out;
    }

    private static Map<String, List<String>> load() {
        try (InputStream in = ContainerHelp.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            Map<String, List<String>> out = new LinkedHashMap<>();
            List<String> current = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("== ")) {
                    current = new ArrayList<>();
                    out.put(line.substring(3).trim(), current);
                } else if (current != null && !line.isEmpty()) {
                    current.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
