package io.wharf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.cli.CliErrorsTest.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code wharf load} with bad input: one line (plus picocli's hint), exit code 2, no stack trace, no load run. */
class LoadCommandErrorsTest {

    private static void oneLineError(Result r, String expected) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badFlagsAndValues() {
        oneLineError(CliErrorsTest.run("load", "gopher"), "unknown target 'gopher'");
        oneLineError(CliErrorsTest.run("load", "echo", "--bogus"), "unknown option '--bogus'");
        oneLineError(CliErrorsTest.run("load", "echo", "-c", "0"), "connections must be at least 1");
        oneLineError(CliErrorsTest.run("load", "echo", "-d", "soon"), "'soon' is not a duration");
        oneLineError(CliErrorsTest.run("load", "echo", "-d", "5s", "-n", "100"), "exclude each other");
        oneLineError(CliErrorsTest.run("load", "http", "--path", "no-slash"), "HTTP path must start with /");
        oneLineError(CliErrorsTest.run("load", "echo", "--port", "70000"), "port must be 1-65535");
        oneLineError(CliErrorsTest.run("load", "echo", "--rate", "-5"), "rate must be");
    }

    @Test
    void aScenarioMistakeOrAMissingTargetIsOneLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path file = dir.resolve("s.yaml");
        java.nio.file.Files.writeString(file, "target: {protocol: echo}\nstages:\n  - {duration: 1s, rat: 5}\n");
        oneLineError(CliErrorsTest.run("load", "run", file.toString()),
                file + ":3: stages[1].rat: unknown key (did you mean 'rate'?)");
        oneLineError(CliErrorsTest.run("load", "run", "--server-pid", "999999999", file.toString()),
                file + ":3: stages[1].rat");
        oneLineError(CliErrorsTest.run("load"), "Missing required parameter: 'TARGET'");
    }

    @Test
    void theWebSocketTargetsCheckTheirs() throws IOException {
        oneLineError(CliErrorsTest.run("load", "ws", "gopher"), "unknown ws target 'gopher': choose echo or chat");
        oneLineError(CliErrorsTest.run("load", "ws", "chat", "--path", "chat"), "WebSocket path must start with /");
        oneLineError(CliErrorsTest.run("load", "ws", "chat", "--no-keepalive"), "--no-keepalive does not apply to ws chat");
        oneLineError(CliErrorsTest.run("load", "ws", "chat", "-c", "2", "--rooms", "3"), "rooms must be 1 to the number");
        oneLineError(CliErrorsTest.run("load", "ws", "echo", "--rooms", "3"), "--rooms does not apply to ws");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Result r = CliErrorsTest.run("load", "ws", "chat", "--port", Integer.toString(port), "-d", "1s");
        oneLineError(r, "cannot connect to 127.0.0.1:" + port + ": refused");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void seedFormChecksItsNumbers() {
        oneLineError(CliErrorsTest.run("load", "127.0.0.1", "7007", "many", "10"), "num_threads must be a number");
        oneLineError(CliErrorsTest.run("load", "127.0.0.1", "7007"), "got 2 arguments");
    }

    @Test
    void nothingListeningIsOneLine() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Result r = CliErrorsTest.run("load", "echo", "--port", Integer.toString(port), "-d", "1s");
        oneLineError(r, "cannot connect to 127.0.0.1:" + port + ": refused");
        assertThat(r.err().strip().lines()).hasSize(1);
    }
}
