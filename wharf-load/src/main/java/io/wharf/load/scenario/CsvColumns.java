package io.wharf.load.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one column of a CSV file for {@link TableVariables}: the first line names the columns; fields are
 * separated by commas and may be double-quoted ({@code ""} inside quotes is a quote); blank lines are skipped; no
 * field spans lines. Errors name the CSV file and line. Stateless.
 */
final class CsvColumns {

    private CsvColumns() {
    }

    /** The values of {@code column} in {@code csv}, in row order; an IllegalArgumentException says what is wrong. */
    static List<String> read(Path csv, String column) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + csv + ": " + e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(csv + " is empty: its first line names the columns");
        }
        List<String> header = split(lines.get(0), csv, 1);
        int index = header.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(csv + ":1: no column '" + column + "' (columns: "
                    + String.join(", ", header) + ")");
        }
        List<String> values = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> fields = split(lines.get(i), csv, i + 1);
            if (fields.size() != header.size()) {
                throw new IllegalArgumentException(csv + ":" + (i + 1) + ": " + fields.size() + " fields, the "
                        + "header has " + header.size());
            }
            values.add(fields.get(index));
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException(csv + " has a header but no rows");
        }
        return values;
    }

    static List<String> split(String line, Path csv, int lineNo) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(wasQuoted ? field.toString() : field.toString().strip());
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(csv + ":" + lineNo + ": a quote is not closed");
        }
        fields.add(wasQuoted ? field.toString() : field.toString().strip());
        return fields;
    }
}
