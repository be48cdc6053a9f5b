package io.wharf.load.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

/**
 * The comparison as one self-contained HTML file: the tables, and charts of throughput vs clients, p99 vs
 * clients and memory per connection drawn by Chart.js, whose UMD bundle is read from its WebJar on the class
 * path and inlined, so the file opens offline. Stateless.
 */
public final class HtmlReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HtmlReport() {
    }

    public static String render(CompareResult r) {
        String title = "wharf compare " + r.protocol();
        String meta = r.durationMillis() / 1000.0 + " s per cell after " + r.warmupMillis() / 1000.0
                + " s warm-up; " + r.machine() + "; started " + r.startedAt();
        return resource("report.html")
                .replace("{{TITLE}}", escape(title))
                .replace("{{META}}", escape(meta))
                .replace("{{TABLES}}", tables(r))
                .replace("{{DATA}}", scriptSafe(DataFiles.json(r)))
                .replace("{{CHARTS}}", scriptSafe(charts(r)))
                .replace("{{CHARTJS}}", chartJs());
    }

    /**
     * What the charts take from Java rather than work out in JavaScript, so they match the PNGs: where the log
     * axes tick ({@link LogTicks}), each model's colour ({@link Palette}) and which models' memory was measured.
     */
    static String charts(CompareResult r) {
        ObjectNode o = JSON.createObjectNode();
        LogTicks.clients(r).forEach(o.putArray("clients_ticks")::add);
        LogTicks.p99Millis(r).forEach(o.putArray("p99_ms_ticks")::add);
        ObjectNode colours = o.putObject("colours");
        Palette.hexByModel(r).forEach(colours::put);
        ArrayNode memory = o.putArray("memory_models");
        r.models().stream().filter(m -> m.memory().measured()).forEach(m -> memory.add(m.model()));
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

    private static String tables(CompareResult r) {
        StringBuilder b = new StringBuilder();
        for (Tables.Table t : Tables.all(r)) {
            b.append("<h3>").append(escape(t.title())).append("</h3>\n<table>\n<tr>");
            t.header().forEach(h -> b.append("<th>").append(escape(h)).append("</th>"));
            b.append("</tr>\n");
            for (var row : t.rows()) {
                b.append("<tr>");
                row.forEach(c -> b.append("<td>").append(escape(c)).append("</td>"));
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        }
        b.append(cellLinks(r));
        List<String> notes = Tables.notes(r);
        if (!notes.isEmpty()) {
            b.append("<ul class=\"notes\">\n");
            notes.forEach(n -> b.append("<li>").append(escape(n)).append("</li>\n"));
            b.append("</ul>\n");
        }
        return b.toString();
    }

    /**
     * A table of links to each cell's own report over time ({@link CompareRunner#cellDir}): throughput, latency
     * percentiles, failures and the server's saturation per second, and what saturated first.
     */
    static String cellLinks(CompareResult r) {
        StringBuilder b = new StringBuilder("<h3>Over time, per cell</h3>\n<table>\n<tr><th>Model</th>");
        r.clients().forEach(c -> b.append("<th>").append(c).append(c == 1 ? " client" : " clients").append("</th>"));
        b.append("</tr>\n");
        for (ModelResult m : r.models()) {
            b.append("<tr><td>").append(escape(m.model())).append("</td>");
            for (CellResult c : m.cells()) {
                b.append("<td>").append(c.problem().isEmpty() ? "<a href=\"" + escape(CompareRunner.cellDir(
                        c.model(), c.clients())) + "/report.html\">over time</a>" : escape(c.problem()))
                        .append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    /** Chart.js's UMD bundle, without its source-map comment (the map is not shipped with the report). */
    static String chartJs() {
        Properties p = new Properties();
        try (InputStream in = HtmlReport.class.getResourceAsStream("chartjs.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("chartjs.properties is missing from the class path", e);
        }
        String path = "/META-INF/resources/webjars/chart.js/" + p.getProperty("version") + "/dist/chart.umd.min.js";
        return scriptSafe(read(path).replaceAll("(?m)^//# sourceMappingURL=.*$", ""));
    }

    private static String resource(String name) {
        return read("/io/wharf/load/compare/" + name);
    }

    private static String read(String path) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Nothing inside a script element may close it. */
    private static String scriptSafe(String js) {
        return js.replaceAll("(?i)</script", "<\\\\/script");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
