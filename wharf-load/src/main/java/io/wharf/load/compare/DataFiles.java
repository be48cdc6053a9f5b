package io.wharf.load.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.wharf.load.FailureKind;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The comparison as data: JSON (the whole result, with Jackson) and two CSV files, one row per cell and one
 * per model. Every machine-readable output of wharf names things the same way: snake_case keys and columns,
 * lower-case failure kinds ({@code wrong_reply}), as {@code wharf load --json} does. Stateless.
 */
public final class DataFiles {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private DataFiles() {
    }

    public static String json(CompareResult r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (IOException e) {
            throw new IllegalStateException("records of numbers and strings always serialize", e);
        }
    }

    public static String cellsCsv(CompareResult r) {
        List<String> lines = new ArrayList<>();
        lines.add("model,clients,requests_per_second,successes,failures,failure_kinds,p50_us,p90_us,p99_us,p999_us,"
                + "max_us,peak_rss_bytes,peak_threads,peak_fds,cpu_percent,problem");
        for (ModelResult m : r.models()) {
            for (CellResult c : m.cells()) {
                lines.add(String.join(",", csv(c.model()), Integer.toString(c.clients()),
                        String.format(Locale.ROOT, "%.1f", c.requestsPerSecond()), Long.toString(c.successes()),
                        Long.toString(c.totalFailures()), csv(kinds(c.failures())), Long.toString(c.p50Micros()),
                        Long.toString(c.p90Micros()), Long.toString(c.p99Micros()), Long.toString(c.p999Micros()),
                        Long.toString(c.maxMicros()), Long.toString(c.serverPeak().rssBytes()),
                        Integer.toString(c.serverPeak().threads()), Integer.toString(c.serverPeak().fds()),
                        String.format(Locale.ROOT, "%.1f", c.cpuPercent()), csv(c.problem())));
            }
        }
        return String.join("\n", lines) + "\n";
    }

    public static String modelsCsv(CompareResult r) {
        List<String> lines = new ArrayList<>();
        lines.add("model,max_clients_held,idle_requested,idle_opened,idle_held,idle_shortfall,rss_at_zero_bytes,"
                + "rss_at_held_bytes,memory_per_connection_bytes,memory_below_measurement,new_connection_us,"
                + "new_connection_back_to_back_us,new_connection_no_spare_us,problem");
        for (ModelResult m : r.models()) {
            MemoryResult mem = m.memory();
            lines.add(String.join(",", csv(m.model()), Integer.toString(m.maxClientsHeld()),
                    Integer.toString(mem.requested()), Integer.toString(mem.opened()), Integer.toString(mem.held()),
                    mem.shortfall().name().toLowerCase(Locale.ROOT), Long.toString(mem.rssAtZero()),
                    Long.toString(mem.rssAtHeld()), Long.toString(mem.bytesPerConnection()),
                    Boolean.toString(mem.belowMeasurement()),
                    Long.toString(m.newConnectionMicros()), Long.toString(m.newConnectionBurstMicros()),
                    Long.toString(m.newConnectionNoSpareMicros()),
                    csv(m.problem())));
        }
        return String.join("\n", lines) + "\n";
    }

    /** {@code timeout=9;refused=3}: one CSV field. */
    private static String kinds(Map<FailureKind, Long> failures) {
        return failures.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + "=" + e.getValue())
                .collect(Collectors.joining(";"));
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break. */
    static String csv(String s) {
        return s.matches("(?s).*[,\"\n\r].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
