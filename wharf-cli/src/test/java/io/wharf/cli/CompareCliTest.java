package io.wharf.cli;

import io.wharf.core.Model;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wharf compare} is a subcommand of {@code wharf}; its usage errors read like every other's. */
class CompareCliTest {

    @Test
    void helpListsTheMatrixOptions() {
        CliErrorsTest.Result h = CliErrorsTest.run("compare", "--help");
        assertThat(h.code()).isZero();
        assertThat(h.out()).contains("--models", "--clients", "--duration", "--warmup", "--out", "--path", "--root");
    }

    @Test
    void unknownModelIsOneLineAndExitTwo() {
        CliErrorsTest.Result r = CliErrorsTest.run("compare", "echo", "--models", "event,fork");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("wharf: --models: unknown model 'fork': choose from " + Model.ids() + "\n");
    }
}
