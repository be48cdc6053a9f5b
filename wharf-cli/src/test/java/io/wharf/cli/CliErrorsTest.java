package io.wharf.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input on the command line gets one clear line and exit code 2, never a stack trace. */
class CliErrorsTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static void assertOneLineError(Result r, String expected) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void versionAndHelp() {
        Result v = run("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("wharf ").contains("Java ");
        Result h = run("serve", "--help");
        assertThat(h.code()).isZero();
        assertThat(h.out()).contains("--model", "--port", "--config", "echo");
    }

    @Test
    void unknownProtocol() {
        assertOneLineError(run("serve", "gopher"), "unknown protocol 'gopher': choose one of admin, chat, echo, http, kv");
    }

    @Test
    void chatRefusesTheIterativeModel() {
        Result r = run("serve", "chat", "--model", "iterative");
        assertOneLineError(r, "chat cannot run under --model iterative: ");
        assertThat(r.err()).contains("use thread, virtual, pool, event, reactor").hasLineCount(1);
    }

    @Test
    void unknownFlag() {
        Result r = run("serve", "echo", "--prot", "80");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option").contains("'--prot'").contains("wharf serve --help");
    }

    @Test
    void portNotANumberOrOutOfRange() {
        assertOneLineError(run("serve", "echo", "--port", "abc"), "--port");
        assertOneLineError(run("serve", "echo", "--port", "70000"), "70000");
        assertOneLineError(run("serve", "echo", "--port", "0"), "--port");
    }

    @Test
    void unknownModel() {
        Result r = run("serve", "echo", "--model", "forking");
        assertOneLineError(r, "--model");
        assertThat(r.err()).contains("forking");
    }

    @Test
    void badSetSyntaxAndUnknownKey() {
        assertOneLineError(run("serve", "echo", "--set", "nonsense"), "expected SECTION.KEY=VALUE");
        assertOneLineError(run("serve", "echo", "--set", "server.nope=1"), "unknown key 'nope' in [server]");
    }

    @Test
    void rawIsForEchoOnlyButAcceptedThere(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "[server]\nport = 7007\nmodel = evnt\n");
        Result r = run("serve", "echo", "--raw", "--config", conf.toString());
        assertOneLineError(r, "bad.conf:3");
        assertThat(r.err()).contains("model");
    }

    @Test
    void badConfigLineNamesFileLineAndKey(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("server.conf");
        Files.writeString(conf, "[server]\n# comment\nport = 8080\nmax_connections = lots\n");
        Result r = run("serve", "echo", "--config", conf.toString());
        assertOneLineError(r, "server.conf:4");
        assertThat(r.err()).contains("max_connections");
    }

    @Test
    void unknownConfigKey(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("server.conf");
        Files.writeString(conf, "[server]\nprot = 8080\n");
        assertOneLineError(run("serve", "echo", "--config", conf.toString()), "server.conf:2");
    }

    @Test
    void missingConfigFile() {
        assertOneLineError(run("serve", "echo", "--config", "/nonexistent/server.conf"), "/nonexistent/server.conf");
    }

    @Test
    void portInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Result r = run("serve", "echo", "--bind", "127.0.0.1", "--port", Integer.toString(port));
            assertOneLineError(r, "port " + port + " is already in use");
        }
    }

    @Test
    void unknownBindAddress() {
        assertOneLineError(run("serve", "echo", "--bind", "no-such-host.invalid", "--port", "7999"),
                "unknown host or address 'no-such-host.invalid'");
    }

    @Test
    void addressNotOnThisMachine() {
        assertOneLineError(run("serve", "echo", "--bind", "192.0.2.1", "--port", "7999"),
                "is not an address of this machine");
    }

    @Test
    void doctorGivesAVerdict() {
        Result r = run("doctor", "--max-connections", "100");
        assertThat(r.code()).as(r.err()).isIn(0, 1);
        assertThat(r.out()).contains("RLIMIT_NOFILE", "somaxconn", "tcp_max_syn_backlog", "ip_local_port_range",
                "max user processes", "memory", "verdict:");
    }

    @Test
    void doctorFlagsAnImpossibleConnectionCount() {
        Result r = run("doctor", "--max-connections", "2000000000");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("TOO LOW", "ulimit -n");
    }
}
