package io.wharf.load.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into {@link Node}s that remember their lines. Jackson's YAML parser (SnakeYAML underneath) is walked
 * token by token rather than bound to a tree, because its tree nodes forget where they came from. A duplicate key
 * is an error here, not a silent overwrite. Stateless; any thread.
 */
final class YamlTree {

    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private YamlTree() {
    }

    /** The document's root; {@code file} only names the file in errors. */
    static Node parse(String text, String file) throws ScenarioException {
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ScenarioException(file + ":1: the file is empty: a scenario needs at least 'target' and "
                        + "'stages'");
            }
            Node root = value(p, file);
            if (p.nextToken() != null) {
                throw new ScenarioException(file + ":" + line(p) + ": a second YAML document: a scenario is one");
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            throw new ScenarioException(file + ":" + line + ": not valid YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static Node value(JsonParser p, String file) throws IOException, ScenarioException {
        int line = line(p);
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> mapping(p, file, line);
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p, file));
                }
                yield new Node.Sequence(line, items);
            }
            case VALUE_STRING -> new Node.Scalar(line, p.getText(), Node.ScalarType.STRING);
            case VALUE_NUMBER_INT -> new Node.Scalar(line, p.getText(), Node.ScalarType.INTEGER);
            case VALUE_NUMBER_FLOAT -> new Node.Scalar(line, p.getText(), Node.ScalarType.FLOAT);
            case VALUE_TRUE, VALUE_FALSE -> new Node.Scalar(line, p.getText(), Node.ScalarType.BOOLEAN);
            case VALUE_NULL -> new Node.Scalar(line, "", Node.ScalarType.NULL);
            default -> throw new ScenarioException(file + ":" + line + ": unexpected YAML (" + t + ")");
        };
    }

    private static Node mapping(JsonParser p, String file, int line) throws IOException, ScenarioException {
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int keyLine = line(p);
            if (entries.containsKey(key)) {
                throw new ScenarioException(file + ":" + keyLine + ": " + key + ": given twice (first on line "
                        + keyLines.get(key) + ")");
            }
            p.nextToken();
            keyLines.put(key, keyLine);
            entries.put(key, value(p, file));
        }
        return new Node.Mapping(line, entries, keyLines);
    }

    private static int line(JsonParser p) {
        return Math.max(1, p.currentTokenLocation().getLineNr());
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
