package io.wharf.load.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The comparison as the brief's tables: requests/s by load level per model, p99 by load level, and a model
 * matrix (maximum clients, memory per connection, peaks). Rows are plain strings so the terminal (Markdown
 * tables) and the HTML report show the same thing. Stateless.
 */
public final class Tables {

    /** A table: a title, a header row, body rows. */
    public record Table(String title, List<String> header, List<List<String>> rows) {
    }

    private Tables() {
    }

    public static List<Table> all(CompareResult r) {
        return List.of(throughput(r), p99(r), models(r));
    }

    public static Table throughput(CompareResult r) {
        return byLoadLevel(r, "Throughput (requests/s)", c -> Units.rate(c.requestsPerSecond()));
    }

    public static Table p99(CompareResult r) {
        return byLoadLevel(r, "p99 latency", c -> Units.micros(c.p99Micros()));
    }

    /** Rows are load levels, columns models, as in the brief's "Throughput Comparison". */
    private static Table byLoadLevel(CompareResult r, String title, Function<CellResult, String> value) {
        List<String> header = new ArrayList<>(List.of("Load level"));
        r.models().forEach(m -> header.add(m.model()));
        List<List<String>> rows = new ArrayList<>();
        for (int clients : r.clients()) {
            List<String> row = new ArrayList<>(List.of(Units.clients(clients)));
            for (ModelResult m : r.models()) {
                row.add(m.cell(clients).map(c -> cell(c, value)).orElse("not run"));
            }
            rows.add(row);
        }
        return new Table(title, header, rows);
    }

    /** A clean cell shows its value; one with failures shows them too, so a failing model never looks good. */
    static String cell(CellResult c, Function<CellResult, String> value) {
        if (!c.problem().isEmpty()) {
            return c.problem();
        }
        if (c.clean()) {
            return value.apply(c);
        }
        return (c.successes() > 0 ? value.apply(c) : "—") + " (" + c.failureSummary() + ")";
    }

    /** One row per model, as in the brief's "Performance Comparison Matrix". */
    public static Table models(CompareResult r) {
        List<String> header = List.of("Model", "Max clients", "Memory/connection", "Idle held", "New connection",
                "Peak RSS", "Peak processes", "Peak threads", "Peak fds", "Peak CPU");
        List<List<String>> rows = new ArrayList<>();
        for (ModelResult m : r.models()) {
            if (!m.problem().isEmpty()) {
                rows.add(List.of(m.model(), "did not start: " + m.problem(), "", "", "", "", "", "", "", ""));
                continue;
            }
            ProcSample peak = m.cells().stream().map(CellResult::serverPeak).reduce(ProcSample.NONE, ProcSample::max);
            double cpu = m.cells().stream().mapToDouble(CellResult::cpuPercent).max().orElse(0);
            MemoryResult mem = m.memory();
            rows.add(List.of(m.model(),
                    m.maxClientsHeld() == 0 ? "none" : String.format(Locale.ROOT, "%,d", m.maxClientsHeld()),
                    mem.bytesPerConnection() < 0 ? "n/a" : mem.belowMeasurement() ? "below measurement"
                            : Units.bytes(mem.bytesPerConnection()),
                    idleHeld(mem),
                    newConnection(m),
                    peak.rssBytes() < 0 ? "n/a" : Units.bytes(peak.rssBytes()),
                    peak.processes() < 0 ? "n/a" : Integer.toString(peak.processes()),
                    peak.threads() < 0 ? "n/a" : Integer.toString(peak.threads()),
                    peak.fds() < 0 ? "n/a" : Integer.toString(peak.fds()),
                    String.format(Locale.ROOT, "%.0f%%", cpu)));
        }
        return new Table("Models", header, rows);
    }

    /** The median new connection; for the process model also without spares: {@code 3.1ms (no spare: 812ms)}. */
    static String newConnection(ModelResult m) {
        String with = m.newConnectionMicros() < 0 ? "n/a" : Units.micros(m.newConnectionMicros());
        if (m.newConnectionNoSpareMicros() < 0 && m.newConnectionBurstMicros() < 0) {
            return with;
        }
        List<String> more = new ArrayList<>();
        if (m.newConnectionBurstMicros() >= 0) {
            more.add("back to back: " + Units.micros(m.newConnectionBurstMicros()));
        }
        if (m.newConnectionNoSpareMicros() >= 0) {
            more.add("no spare: " + Units.micros(m.newConnectionNoSpareMicros()));
        }
        return with + " (" + String.join("; ", more) + ")";
    }

    /** {@code 1000/1000}, or {@code 10000/15000 (turned away)} with a word on why fewer were held. */
    static String idleHeld(MemoryResult mem) {
        if (mem.requested() == 0) {
            return "n/a";
        }
        String held = mem.held() + "/" + mem.requested();
        return mem.shortfall() == MemoryResult.Shortfall.NONE ? held : held + " (" + mem.shortfall().label() + ")";
    }

    /**
     * What the Models table cannot say in a cell: why a model held fewer idle connections than asked for, and
     * why its memory per connection has no figure.
     */
    public static List<String> notes(CompareResult r) {
        List<String> notes = new ArrayList<>();
        for (ModelResult m : r.models()) {
            MemoryResult mem = m.memory();
            if (mem.shortfall() != MemoryResult.Shortfall.NONE) {
                notes.add(String.format(Locale.ROOT, "%s held %,d of %,d idle connections: %s", m.model(), mem.held(),
                        mem.requested(), mem.why()));
            }
            if (mem.belowMeasurement()) {
                notes.add(String.format(Locale.ROOT, "%s: memory per connection below measurement: %,d idle "
                        + "connection%s moved resident memory by %s, less than the %s a JVM moves by on its own; "
                        + "measure with more (--idle 1000 or more)", m.model(), mem.held(), mem.held() == 1 ? "" : "s",
                        Units.bytes(mem.rssAtHeld() - mem.rssAtZero()), Units.bytes(MemoryResult.RESOLUTION_BYTES)));
            }
        }
        return notes;
    }

    /** A Markdown table, columns padded to line up in a terminal. */
    public static String markdown(Table t) {
        int[] width = new int[t.header().size()];
        List<List<String>> all = new ArrayList<>();
        all.add(t.header());
        all.addAll(t.rows());
        for (List<String> row : all) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, t.header(), width);
        List<String> rule = new ArrayList<>();
        for (int w : width) {
            rule.add("-".repeat(w));
        }
        line(b, rule, width);
        t.rows().forEach(row -> line(b, row, width));
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] width) {
        b.append('|');
        for (int i = 0; i < width.length; i++) {
            b.append(' ').append(cells.get(i)).append(" ".repeat(width[i] - cells.get(i).length())).append(" |");
        }
        b.append('\n');
    }

    /** Everything for the terminal: a heading per table. */
    public static String text(CompareResult r) {
        StringBuilder b = new StringBuilder();
        b.append("wharf compare ").append(r.protocol()).append(": ").append(r.durationMillis() / 1000.0)
                .append("s per cell after ").append(r.warmupMillis() / 1000.0).append("s warm-up; ")
                .append(r.machine()).append('\n');
        for (Table t : all(r)) {
            b.append('\n').append(t.title()).append('\n').append(markdown(t));
        }
        List<String> notes = notes(r);
        if (!notes.isEmpty()) {
            b.append('\n');
            notes.forEach(n -> b.append("- ").append(n).append('\n'));
        }
        return b.toString();
    }
}
