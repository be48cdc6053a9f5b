package io.wharf.kv.command;

import io.wharf.kv.resp.Reply;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * COMMAND DOCS, from Redis 7.0.15's own documentation of its commands (its {@code COMMAND DOCS} reply, kept as a
 * resource, as Redis keeps it in {@code src/commands/*.json}), answered for the commands wharf has, their
 * subcommands filtered the same way, in RESP2 or RESP3. redis-cli reads it for its command hints.
 *
 * <p>Threading: the docs are parsed once, on first use, then read-only.
 */
final class CommandDocs {

    private static final String RESOURCE = "/io/wharf/kv/command-docs-7.0.15.resp3.gz";

    /** One RESP3 value: its type byte, its text (bulk, simple, number) or its elements (aggregates). */
    private record Node(char type, byte[] text, List<Node> items) {
    }

    private static volatile Map<String, Node> docs;

    private CommandDocs() {
    }

    static void register(CommandTable t) {
        t.sub("command", "docs", -2, "loading stale", CommandDocs::docs);
    }

    private static void docs(Session s, List<byte[]> a) {
        Map<String, Node> all = load();
        CommandTable table = s.state().commands();
        List<Command> wanted = new ArrayList<>();
        if (a.size() == 2) {
            wanted.addAll(table.all());
        } else {
            for (int i = 2; i < a.size(); i++) {
                String name = new String(a.get(i), StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
                Command c = name.contains("|") ? sub(table, name) : table.top(name);
                if (c != null) {
                    wanted.add(c);
                }
            }
        }
        List<Command> documented = wanted.stream().filter(c -> docsOf(all, c.name()) != null).toList();
        Reply r = s.reply();
        r.map(documented.size());
        for (Command c : documented) {
            r.bulk(c.name());
            Set<String> subs = new java.util.HashSet<>();
            table.subcommandsOf(c.name()).forEach(x -> subs.add(x.name()));
            emit(r, docsOf(all, c.name()), subs);
        }
    }

    /** A command's docs; a subcommand's are in its container's {@code subcommands} map. */
    private static Node docsOf(Map<String, Node> all, String name) {
        int bar = name.indexOf('|');
        if (bar < 0) {
            return all.get(name);
        }
        Node container = all.get(name.substring(0, bar));
        if (container == null) {
            return null;
        }
        for (int i = 0; i < container.items.size(); i += 2) {
            Node key = container.items.get(i);
            Node value = container.items.get(i + 1);
            if (value.type == '%' && new String(key.text, StandardCharsets.ISO_8859_1).equals("subcommands")) {
                for (int j = 0; j < value.items.size(); j += 2) {
                    if (new String(value.items.get(j).text, StandardCharsets.ISO_8859_1).equals(name)) {
                        return value.items.get(j + 1);
                    }
                }
            }
        }
        return null;
    }

    private static Command sub(CommandTable table, String name) {
        String container = name.substring(0, name.indexOf('|'));
        for (Command c : table.subcommandsOf(container)) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** Writes a command's docs; in its {@code subcommands} map only those in {@code subs}. */
    private static void emit(Reply r, Node docs, Set<String> subs) {
        r.map(docs.items.size() / 2);
        for (int i = 0; i < docs.items.size(); i += 2) {
            Node key = docs.items.get(i);
            Node value = docs.items.get(i + 1);
            write(r, key);
            if (new String(key.text, StandardCharsets.ISO_8859_1).equals("subcommands") && value.type == '%') {
                List<Node> kept = new ArrayList<>();
                for (int j = 0; j < value.items.size(); j += 2) {
                    if (subs.contains(new String(value.items.get(j).text, StandardCharsets.ISO_8859_1))) {
                        kept.add(value.items.get(j));
                        kept.add(value.items.get(j + 1));
                    }
                }
                write(r, new Node('%', null, kept));
            } else {
                write(r, value);
            }
        }
    }

    private static void write(Reply r, Node n) {
        switch (n.type) {
            case '%' -> {
                r.map(n.items.size() / 2);
                n.items.forEach(x -> write(r, x));
            }
            case '*' -> {
                r.array(n.items.size());
                n.items.forEach(x -> write(r, x));
            }
            case '~' -> {
                r.set(n.items.size());
                n.items.forEach(x -> write(r, x));
            }
            case '$' -> r.bulk(n.text);
            case '+' -> r.simple(new String(n.text, StandardCharsets.ISO_8859_1));
            case ':' -> r.integer(Long.parseLong(new String(n.text, StandardCharsets.US_ASCII)));
            case '=' -> r.verbatim(new String(n.text, 4, n.text.length - 4, StandardCharsets.UTF_8));
            default -> r.nullBulk();
        }
    }

    private static Map<String, Node> load() {
        Map<String, Node> d = docs;
        if (d != null) {
            return d;
        }
        try (InputStream in = CommandDocs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            byte[] bytes = new GZIPInputStream(in).readAllBytes();
            Node top = new Parser(bytes).read();
            Map<String, Node> m = new LinkedHashMap<>();
            for (int i = 0; i < top.items.size(); i += 2) {
                m.put(new String(top.items.get(i).text, StandardCharsets.ISO_8859_1), top.items.get(i + 1));
            }
            docs = m;
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the resource's RESP3, which Redis wrote: trusted, whole, so no partial-input states. */
    private static final class Parser {
        private final byte[] b;
        private int p;

        Parser(byte[] b) {
            this.b = b;
        }

        Node read() {
            char type = (char) b[p++];
            int end = p;
            while (b[end] != '\r') {
                end++;
            }
            byte[] line = java.util.Arrays.copyOfRange(b, p, end);
            p = end + 2;
            switch (type) {
                case '$', '=' -> {
                    int n = Integer.parseInt(new String(line, StandardCharsets.US_ASCII));
                    byte[] text = java.util.Arrays.copyOfRange(b, p, p + n);
                    p += n + 2;
                    return new Node(type, text, List.of());
                }
                case '*', '~', '%' -> {
                    int n = Integer.parseInt(new String(line, StandardCharsets.US_ASCII)) * (type == '%' ? 2 : 1);
                    List<Node> items = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        items.add(read());
                    }
                    return new Node(type, null, items);
                }
                default -> {
                    return new Node(type, line, List.of());
                }
            }
        }
    }
}
