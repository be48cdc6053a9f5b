package io.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {

    private static final Set<String> KNOWN = Set.of("rounds", "duration", "targets");

    @Test
    void readsSpaceAndEqualsForms() {
        Args args = Args.parse(new String[] {"--rounds", "5", "--duration=2s"}, KNOWN);

        assertThat(args.positiveInt("rounds", 3)).isEqualTo(5);
        assertThat(args.duration("duration", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(args.list("targets", List.of("netty"))).containsExactly("netty");
        assertThat(args.help()).isFalse();
    }

    @Test
    void parsesDurationUnits() {
        assertThat(Args.parseDuration("10")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Args.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Args.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Args.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> Args.parseDuration("0s")).hasMessageContaining("'0s'");
        assertThatThrownBy(() -> Args.parseDuration("soon")).hasMessageContaining("'soon'");
    }

    @Test
    void namesTheOptionThatIsWrong() {
        assertThatThrownBy(() -> Args.parse(new String[] {"--round", "3"}, KNOWN)).hasMessageContaining("--round");
        assertThatThrownBy(() -> Args.parse(new String[] {"--rounds"}, KNOWN)).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Args.parse(new String[] {"rounds"}, KNOWN)).hasMessageContaining("'rounds'");
        Args args = Args.parse(new String[] {"--rounds", "-1", "--targets", " , "}, KNOWN);
        assertThatThrownBy(() -> args.positiveInt("rounds", 3)).hasMessageContaining("--rounds");
        assertThatThrownBy(() -> args.list("targets", List.of())).hasMessageContaining("--targets");
    }
}
