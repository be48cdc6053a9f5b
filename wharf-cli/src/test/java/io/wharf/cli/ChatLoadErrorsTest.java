package io.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.cli.CliErrorsTest.Result;
import org.junit.jupiter.api.Test;

/** {@code wharf load chat} with bad input: one line, exit code 2, no stack trace, no load run. */
class ChatLoadErrorsTest {

    private static void oneLineError(Result r, String expected) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.err().strip().lines().filter(l -> !l.startsWith("Try '"))).hasSize(1);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badFlagsAndValues() {
        oneLineError(CliErrorsTest.run("load", "chat", "--rooms", "0"), "rooms must be 1 to the number of clients");
        oneLineError(CliErrorsTest.run("load", "chat", "-c", "5", "--rooms", "6"), "rooms must be 1 to the number");
        oneLineError(CliErrorsTest.run("load", "chat", "--rate", "0"), "rate must be a positive number");
        oneLineError(CliErrorsTest.run("load", "chat", "--size", "5000"), "message size must be 1-3900 bytes");
        oneLineError(CliErrorsTest.run("load", "chat", "-n", "100"), "--requests does not apply to chat");
        oneLineError(CliErrorsTest.run("load", "chat", "--path", "/x"), "--path does not apply to chat");
        oneLineError(CliErrorsTest.run("load", "echo", "--rooms", "3"), "--rooms applies to chat only");
        oneLineError(CliErrorsTest.run("load", "chat", "-c", "10000", "--rooms", "1"), "too many per room");
    }
}
