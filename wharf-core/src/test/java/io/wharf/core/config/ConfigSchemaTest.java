package io.wharf.core.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigSchemaTest {

    private static final ConfigKey<Integer> A = ConfigKey.integer("one", "a", 1, 0, 9, false, "");
    private static final ConfigKey<Boolean> B = ConfigKey.bool("two", "b", true, false, "");
    private static final ConfigKey<String> C = ConfigKey.string("one", "c", "x", false, "");

    @Test
    void keepsKeysAndSectionsInOrder() {
        ConfigSchema s = ConfigSchema.of(List.of(A, B, C));
        assertThat(s.keys()).containsExactly(A, B, C);
        assertThat(s.sections()).containsExactly("one", "two");
        assertThat(s.keysIn("ONE")).containsExactly(A, C);
    }

    @Test
    void findsIgnoringCase() {
        ConfigSchema s = ConfigSchema.of(List.of(A, B));
        assertThat(s.find("One", " A ")).contains(A);
        assertThat(s.find("one", "b")).isEmpty();
        assertThat(s.contains(B)).isTrue();
        assertThat(s.contains(C)).isFalse();
    }

    @Test
    void withAddsKeysWithoutChangingTheOriginal() {
        ConfigSchema base = ConfigSchema.of(List.of(A));
        ConfigSchema more = base.with(List.of(B));
        assertThat(more.keys()).containsExactly(A, B);
        assertThat(base.keys()).containsExactly(A);
    }

    @Test
    void rejectsDuplicateIds() {
        ConfigKey<Integer> again = ConfigKey.integer("ONE", "A", 2, 0, 9, false, "");
        assertThatThrownBy(() -> ConfigSchema.of(List.of(A, again))).hasMessageContaining("one.a");
        assertThatThrownBy(() -> ConfigSchema.of(List.of(A)).with(List.of(again)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void coreKeysFormAValidSchema() {
        assertThat(CoreKeys.schema().keys()).hasSize(CoreKeys.ALL.size());
        assertThat(CoreKeys.schema().sections()).containsExactly("server", "logging", "security", "tracing", "tls");
    }

    @Test
    void spellingSuggestsOnlyCloseWords() {
        assertThat(Spelling.closest("prot", List.of("port", "model"))).contains("port");
        assertThat(Spelling.closest("srever", List.of("server", "logging"))).contains("server");
        assertThat(Spelling.closest("mdl", List.of("model"))).isEmpty();
        assertThat(Spelling.closest("anything", List.of())).isEmpty();
        assertThat(Spelling.distance("abc", "abc")).isZero();
        assertThat(Spelling.distance("ab", "ba")).isEqualTo(1);
    }
}
