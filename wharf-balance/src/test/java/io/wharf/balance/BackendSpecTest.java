package io.wharf.balance;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendSpecTest {

    @Test
    void parsesAListWithWeightsAndIpv6() {
        List<BackendSpec> l = BackendSpec.parseList("127.0.0.1:7101, 127.0.0.1:7102 weight=2,[::1]:7103");
        assertThat(l).extracting(BackendSpec::name).containsExactly("127.0.0.1:7101", "127.0.0.1:7102", "[::1]:7103");
        assertThat(l).extracting(BackendSpec::weight).containsExactly(1, 2, 1);
        assertThat(l.get(2).address().getPort()).isEqualTo(7103);
        assertThat(BackendSpec.parseList(" ")).isEmpty();
    }

    @Test
    void namesWhatIsWrong() {
        assertThatThrownBy(() -> BackendSpec.parseList("127.0.0.1")).hasMessage("backend '127.0.0.1' is not host:port");
        assertThatThrownBy(() -> BackendSpec.parseList("127.0.0.1:70000")).hasMessageContaining("port must be 1-65535");
        assertThatThrownBy(() -> BackendSpec.parseList("127.0.0.1:1 weight=x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> BackendSpec.parseList("127.0.0.1:1 weight=0")).hasMessageContaining("weight must be 1..1000");
        assertThatThrownBy(() -> BackendSpec.parseList("127.0.0.1:1 heavy")).hasMessageContaining("expected weight=N");
        assertThatThrownBy(() -> BackendSpec.parseList("127.0.0.1:1, 127.0.0.1:1")).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> BackendSpec.parseList("::1:7101")).hasMessageContaining("in brackets");
    }
}
