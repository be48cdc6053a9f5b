package io.wharf.load.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value of a scenario file with the line it starts on, so every error can say {@code file:line}. A scalar
 * keeps its text and whether YAML typed it as a string (quoted or plain text), a number, a boolean or null.
 * Immutable once {@link YamlTree} has built it.
 */
sealed interface Node {

    /** The 1-based line the value starts on. */
    int line();

    /** What the user would call this kind of value, for "expected a list, found a map". */
    String kind();

    enum ScalarType { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    record Scalar(int line, String text, ScalarType type) implements Node {
        @Override
        public String kind() {
            return switch (type) {
                case STRING -> "text";
                case INTEGER, FLOAT -> "a number";
                case BOOLEAN -> "true/false";
                case NULL -> "nothing";
            };
        }
    }

    record Sequence(int line, List<Node> items) implements Node {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A mapping; {@code keyLines} says where each key was written (its value may start on a later line). */
    record Mapping(int line, Map<String, Node> entries, Map<String, Integer> keyLines) implements Node {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyLines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keyLines));
        }

        @Override
        public String kind() {
            return "a map";
        }
    }
}
