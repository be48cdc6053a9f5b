package io.wharf.kv.resp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** sdssplitargs, case by case. */
class InlineSplitterTest {

    private static List<String> split(String line) {
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> args = InlineSplitter.split(b, 0, b.length);
        return args == null ? null : args.stream().map(a -> new String(a, StandardCharsets.ISO_8859_1)).toList();
    }

    @Test
    void splitsOnBlanksAndUnquotes() {
        assertThat(split("  set  k   v ")).containsExactly("set", "k", "v");
        assertThat(split("a \"b c\" 'd e'")).containsExactly("a", "b c", "d e");
        assertThat(split("\"\\x41\\n\\t\\\"\\q\"")).containsExactly("A\n\t\"q");
        assertThat(split("'it\\'s' '\\n'")).containsExactly("it's", "\\n");
        assertThat(split("a\"b c\" d")).containsExactly("ab c", "d");
        assertThat(split("a\"b c\"d")).isNull();
        assertThat(split("\"\"")).containsExactly("");
        assertThat(split("")).isEmpty();
    }

    @Test
    void refusesUnbalancedQuotes() {
        assertThat(split("\"abc")).isNull();
        assertThat(split("'abc")).isNull();
        assertThat(split("\"a\"b")).isNull();
        assertThat(split("'a'b")).isNull();
    }

    @Test
    void aNulEndsTheLineAsItEndsACString() {
        assertThat(split("a b\0c d")).containsExactly("a", "b");
    }
}
