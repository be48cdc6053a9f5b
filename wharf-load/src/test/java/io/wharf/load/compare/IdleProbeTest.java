package io.wharf.load.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** When a server holds fewer idle connections than asked for, the probe says why, and what it did hold. */
class IdleProbeTest {

    @TempDir
    Path dir;

    @Test
    void aCapThatTurnsConnectionsAwayIsQuoted() throws Exception {
        try (ServerProcess server = start("cap", "5")) {
            MemoryResult m = IdleProbe.measure(server, 8);
            assertThat(m.held()).isEqualTo(5);
            assertThat(m.opened()).isEqualTo(8);
            assertThat(m.shortfall()).isEqualTo(MemoryResult.Shortfall.TURNED_AWAY);
            assertThat(m.why()).isEqualTo("the server answered and closed 3: "
                    + "\"server busy: too many connections (max_connections=5)\"");
        }
    }

    @Test
    void connectionsNobodyAcceptedWaitInTheBacklog() throws Exception {
        try (ServerProcess server = start("never")) {
            MemoryResult m = IdleProbe.measure(server, 3);
            assertThat(m.held()).isZero();
            assertThat(m.shortfall()).isEqualTo(MemoryResult.Shortfall.BACKLOG);
            assertThat(m.why()).isEqualTo("the server accepted 0; the other 3 wait in its backlog");
        }
    }

    /** The issue's --idle 19990 near a 20,000 descriptor limit showed "0 held" and "n/a". */
    @Test
    void aServerOutOfDescriptorsReportsWhatItHeld() throws Exception {
        int limit = 256;
        try (ServerProcess server = start(limit, "all")) {
            MemoryResult m = IdleProbe.measure(server, 400);
            assertThat(m.held()).isPositive().isLessThan(limit);
            assertThat(m.rssAtHeld()).isPositive();
            assertThat(m.shortfall()).as(m.why()).isEqualTo(MemoryResult.Shortfall.SERVER_FILE_LIMIT);
            assertThat(m.why()).startsWith("the server ran out of file descriptors (").contains("its limit is 256");
        }
    }

    @Test
    void thisProcessOutOfDescriptorsOrAFailedConnectIsSaidToo() {
        IdleProbe.Answers none = new IdleProbe.Answers(0, "");
        IdleProbe.Shortfall own = IdleProbe.why(none, 100, OptionalLong.of(100_000), 19_990, 19_600, 19_600, 19_600,
                "");
        assertThat(own.kind()).isEqualTo(MemoryResult.Shortfall.OWN_FILE_LIMIT);
        assertThat(own.text()).isEqualTo("compare's open-files limit left room for 19,600 sockets (it keeps 256 "
                + "descriptors for itself), so it opened 19,600; raise 'ulimit -n' to measure 19,990");
        IdleProbe.Shortfall connect = IdleProbe.why(none, 100, OptionalLong.empty(), 50, 20, 1000, 20,
                "connect 21 failed: connect timed out");
        assertThat(connect.kind()).isEqualTo(MemoryResult.Shortfall.CONNECT_FAILED);
        assertThat(connect.text()).isEqualTo("connect 21 failed: connect timed out");
    }

    private ServerProcess start(String... mode) throws IOException {
        return start(0, mode);
    }

    /** The stand-in server on a free port; with {@code fileLimit} > 0 under that 'ulimit -n'. */
    private ServerProcess start(int fileLimit, String... mode) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> args = new ArrayList<>(List.of(Integer.toString(port)));
        args.addAll(List.of(mode));
        ServerLauncher launcher = (serverArgs, log) -> {
            List<String> cmd = new ArrayList<>();
            if (fileLimit > 0) {
                cmd.addAll(List.of("sh", "-c", "ulimit -n " + fileLimit + " && exec \"$@\"", "sh"));
            }
            cmd.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), ProbeTestServer.class.getName()));
            cmd.addAll(serverArgs);
            return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        };
        ServerProcess server = ServerProcess.start(launcher, args, port, dir.resolve("server.log"));
        server.awaitAccepting(Duration.ofSeconds(30));
        return server;
    }
}
