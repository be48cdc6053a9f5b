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

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
        assertOneLineError(run("serve", "gopher"), "unknown protocol 'gopher': choose one of admin, balance, chat, echo, http, kv");
    }

    @Test
    void balanceWantsBackendsWellWrittenAndAModelThatCanConnectOut() {
        String port = Integer.toString(freePort());
        assertOneLineError(run("serve", "balance", "--port", port),
                "balance: no backends: set [balance] backends (or --backends host:port,...)");
        assertOneLineError(run("serve", "balance", "--port", port, "--backends", "127.0.0.1:7101, 127.0.0.1"),
                "backend '127.0.0.1' is not host:port");
        assertOneLineError(run("serve", "balance", "--port", port, "--backends", "127.0.0.1:7101 weight=0"),
                "weight must be 1..1000");
        Result r = run("serve", "balance", "--port", port, "--backends", "127.0.0.1:7101", "--model", "process");
        assertOneLineError(r, "balance cannot run under --model process: ");
        assertThat(r.err()).contains("which a child process cannot; use thread, virtual, pool, event, reactor, prefork")
                .hasLineCount(1);
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
        assertThat(r.err()).contains("unknown option '--prot'").contains("wharf serve --help");
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

    /** Issue 12: with no --root and no ./htdocs, say it does not exist and how to pick one. */
    @Test
    void aMissingDocumentRootSaysHowToPickOne(@TempDir Path dir) {
        assertThat(Path.of("htdocs")).as("the test runs where ./htdocs does not exist").doesNotExist();
        Result r = run("serve", "http", "--port", "" + freePort());
        assertOneLineError(r, "document root ./htdocs does not exist: pick the directory to serve with --root DIR, "
                + "or document_root in the config's [server]");
        assertThat(r.err().lines()).hasSize(1);
        assertOneLineError(run("serve", "http", "--port", "" + freePort(), "--root", dir.resolve("nope").toString()),
                "document root " + dir.resolve("nope") + " does not exist: pick");
    }

    /** Issue 12: typos get a suggestion, as config typos do. */
    @Test
    void typosOfCommandsOptionsAndProtocolsGetASuggestion() {
        Result srve = run("srve", "echo");
        assertOneLineError(srve, "wharf: unknown command 'srve' (did you mean 'serve'?)");
        assertThat(srve.err()).doesNotContain("Unmatched");
        assertOneLineError(run("bogus"), "unknown command 'bogus' (commands: serve, doctor, passwd, cert, load, compare");
        assertOneLineError(run("serve", "echo", "--prot", "1"), "unknown option '--prot' (did you mean '--port'?)");
        assertOneLineError(run("serve", "echo", "--mdoel=event"), "unknown option '--mdoel' (did you mean '--model'?)");
        assertOneLineError(run("serve", "ecoh"), "unknown protocol 'ecoh' (did you mean 'echo'?)");
    }

    @Test
    void aFlagGivenTwiceTakesTheLast() {
        // the last value is the one checked (and no "should be specified only once")
        assertOneLineError(run("serve", "echo", "--port", "7007", "--port", "99999"), "--port: '99999' is out of range");
    }

    @Test
    void aProtocolOptionForAnotherProtocolSaysSoInOneLine(@TempDir Path dir) {
        Result r = run("serve", "echo", "--root", dir.toString());
        assertOneLineError(r, "wharf: --root does not apply to echo: it is an option of the http protocol only");
        assertThat(r.err().lines()).hasSize(1);
    }

    /** Help: every command lists its options as declared, help and version last; as wide as the terminal. */
    @Test
    void helpOptionOrderIsTheSameEverywhere() {
        picocli.CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        for (String name : java.util.List.of("serve", "doctor", "passwd", "load", "compare")) {
            picocli.CommandLine sub = cli.getSubcommands().get(name);
            java.util.List<String> lines = sub.getUsageMessage().lines().filter(l -> l.matches("^  (-\\w, )?--?\\w.*"))
                    .toList();
            assertThat(lines.get(lines.size() - 2)).as(name).contains("-h, --help");
            assertThat(lines.get(lines.size() - 1)).as(name).contains("-V, --version");
            assertThat(sub.isUsageHelpAutoWidth()).as(name).isTrue();
        }
        java.util.List<String> doctor = cli.getSubcommands().get("doctor").getUsageMessage().lines()
                .filter(l -> l.matches("^  (-\\w, )?--?\\w.*")).toList();
        assertThat(doctor.get(0)).as("declared order, not sorted").contains("--config");
    }

    /** Issue 12, item 8: as helpful as the file loader's errors. */
    @Test
    void setErrorsBlameTheSectionAndSuggestTheKey(@TempDir Path dir) throws IOException {
        Result bogus = run("serve", "echo", "--set", "bogus.key=1");
        assertOneLineError(bogus, "--set bogus.key=1: unknown section [bogus]: one of server, logging");
        assertThat(bogus.err()).doesNotContain("unknown key");
        assertOneLineError(run("serve", "echo", "--set", "srever.port=1"),
                "unknown section [srever] (did you mean [server]?)");
        assertOneLineError(run("serve", "echo", "--set", "server.prot=1"),
                "--set server.prot=1: unknown key 'prot' in [server] (did you mean 'port'?)");
        Path conf = dir.resolve("multi.conf");
        Files.writeString(conf, "[listener.web]\nprotocol = echo\nport = 7070\n");
        assertOneLineError(run("serve", "-c", conf.toString(), "--set", "listener.web.prot=1"),
                "unknown key 'prot' for protocol echo (did you mean 'port'?)");
        assertOneLineError(run("serve", "-c", conf.toString(), "--set", "listener.wbe.port=1"),
                "there is no [listener.wbe] in " + conf + " (did you mean 'web'?)");
    }

    /** Issue 12, item 4: an unwritable log path is one line and exit 2, not a silently empty log. */
    @Test
    void unwritableLogPathsAreOneLineAndExitTwo(@TempDir Path dir) {
        Result log = run("serve", "echo", "--port", "" + freePort(), "--log-file", "/nonexistent/dir/x.log");
        assertOneLineError(log, "[logging] log_file: cannot write /nonexistent/dir/x.log: directory /nonexistent/dir"
                + " does not exist");
        assertThat(log.err().lines()).hasSize(1);
        assertThat(Path.of("/nonexistent")).as("no directory made up").doesNotExist();
        Result access = run("serve", "http", "--port", "" + freePort(), "--root", dir.toString(),
                "--set", "logging.access_log=/nonexistent/x.log");
        assertOneLineError(access, "[logging] access_log: cannot write /nonexistent/x.log: directory /nonexistent"
                + " does not exist");
        assertThat(access.err().lines()).hasSize(1);
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
