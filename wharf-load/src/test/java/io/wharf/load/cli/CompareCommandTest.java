package io.wharf.load.cli;

import io.wharf.core.Model;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Flags that make no sense are one line and exit code 2, before any server starts. */
class CompareCommandTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new CompareCommand());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    private void assertOneLine(int code, String expected) {
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("wharf: ").contains(expected).hasLineCount(1);
    }

    @Test
    void unknownModel() {
        assertOneLine(run("echo", "--models", "event,fork"), "--models: unknown model 'fork': choose from "
                + Model.ids());
    }

    @Test
    void unknownProtocol() {
        assertOneLine(run("gopher"), "unknown protocol 'gopher': compare runs echo or http");
    }

    @Test
    void badClientCounts() {
        assertOneLine(run("echo", "--clients", "1,ten"), "--clients: 'ten' is not a positive number");
        err.getBuffer().setLength(0);
        assertOneLine(run("echo", "--clients", "0"), "--clients: '0' is not a positive number");
    }

    @Test
    void badDurations() {
        assertOneLine(run("echo", "--duration", "soon"), "--duration: 'soon' is not a duration");
        err.getBuffer().setLength(0);
        assertOneLine(run("echo", "--duration", "0"), "--duration: must be more than 0");
    }

    @Test
    void rootIsForHttpAndMustExist() {
        assertOneLine(run("echo", "--root", "."), "--root applies to http only");
        err.getBuffer().setLength(0);
        assertOneLine(run("http", "--root", "/no/such/dir"), "--root /no/such/dir: not a folder");
    }
}
