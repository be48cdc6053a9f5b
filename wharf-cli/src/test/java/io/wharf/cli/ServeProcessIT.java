package io.wharf.cli;

import io.wharf.core.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged server as a user runs it: signals, drain, reload, logs, stats line. */
class ServeProcessIT {

    @Test
    void sigtermDrainsOpenClientsThenExitsZero() throws Exception {
        int port = WharfProcess.freePort();
        try (WharfProcess w = WharfProcess.start("serve", "echo", "--bind", "127.0.0.1", "--port", "" + port);
             LineClient c = connectWhenReady(w, port)) {
            assertThat(c.readLine()).isEqualTo("Welcome to Echo Server! Type 'quit' to exit.");
            // in the middle of a line: the drain waits for it (an idle client is told goodbye). One write, so the
            // echo of the first line proves the server holds the second's start before the signal
            c.send("first\nstill");
            assertThat(c.readLine()).isEqualTo("Echo #1: first");
            w.signal("TERM");
            w.awaitOutput("shutting down");
            assertThat(w.isAlive()).isTrue();
            c.send(" here\n");
            assertThat(c.readLine()).isEqualTo("Echo #2: still here");
            assertThat(c.readLine()).isEqualTo("Goodbye! (server shutting down)");
            assertThat(w.awaitExit(Duration.ofSeconds(20))).isZero();
            assertThat(w.output()).contains("all connections finished");
            // one line per connect and disconnect: id, client ip:port, duration, bytes
            assertThat(w.output()).containsPattern("conn#1 open 127\\.0\\.0\\.1:\\d+")
                    .containsPattern("conn#1 closed 127\\.0\\.0\\.1:\\d+ after \\d+ms in=\\d+B out=\\d+B");
        }
    }

    @Test
    void secondSigintForcesExit() throws Exception {
        int port = WharfProcess.freePort();
        try (WharfProcess w = WharfProcess.start("serve", "echo", "--bind", "127.0.0.1", "--port", "" + port);
             LineClient c = connectWhenReady(w, port)) {
            c.readLine();
            c.send("first\nhalf a line"); // the unfinished line holds the drain
            assertThat(c.readLine()).isEqualTo("Echo #1: first"); // so the server holds it before the signal
            w.signal("INT");
            w.awaitOutput("shutting down");
            w.signal("INT");
            assertThat(w.awaitExit(Duration.ofSeconds(20))).isEqualTo(130);
            assertThat(w.output()).contains("second interrupt");
        }
    }

    @Test
    void drainTimeoutClosesStragglersAndStillExitsZero() throws Exception {
        int port = WharfProcess.freePort();
        try (WharfProcess w = WharfProcess.start("serve", "echo", "--bind", "127.0.0.1", "--port", "" + port,
                "--drain-timeout", "1s");
             LineClient c = connectWhenReady(w, port)) {
            c.readLine();
            c.send("first\na line that never ends"); // holds the drain until its timeout
            assertThat(c.readLine()).isEqualTo("Echo #1: first"); // so the server holds the unfinished line
            w.signal("TERM");
            assertThat(w.awaitExit(Duration.ofSeconds(20))).isZero();
            assertThat(c.awaitClosed()).isTrue();
            assertThat(w.output()).contains("drain timeout");
        }
    }

    @Test
    void sighupReloadsLiveLimitsAndNamesWhatNeedsRestart(@TempDir Path dir) throws Exception {
        int port = WharfProcess.freePort();
        Path conf = dir.resolve("server.conf");
        Files.writeString(conf, "[server]\nbind_address = 127.0.0.1\nport = " + port
                + "\nmax_connections = 100\n[logging]\nlog_level = info\n");
        try (WharfProcess w = WharfProcess.start("serve", "echo", "--config", conf.toString());
             LineClient first = connectWhenReady(w, port)) {
            first.readLine();
            Files.writeString(conf, "[server]\nbind_address = 127.0.0.1\nport = " + (port + 1)
                    + "\nmax_connections = 1\n[logging]\nlog_level = info\n");
            w.signal("HUP");
            w.awaitOutput("server.max_connections = 1 (applied)");
            w.awaitOutput("server.port changed to " + (port + 1) + " but needs a restart");
            try (LineClient second = LineClient.connect(new InetSocketAddress("127.0.0.1", port))) {
                assertThat(second.readLine()).startsWith("ERROR server busy");
                assertThat(second.awaitClosed()).isTrue();
            }
            Files.writeString(conf, "[server]\nport = nope\n");
            w.signal("HUP");
            w.awaitOutput("reload failed, keeping the running config");
            first.send("hi\n");
            assertThat(first.readLine()).isEqualTo("Echo #1: hi");
        }
    }

    @Test
    void statsIntervalPrintsASummaryLine(@TempDir Path dir) throws Exception {
        int port = WharfProcess.freePort();
        Path log = dir.resolve("wharf.log");
        try (WharfProcess w = WharfProcess.start("serve", "echo", "--bind", "127.0.0.1", "--port", "" + port,
                "--model", "event", "--stats-interval", "1", "--log-file", log.toString());
             LineClient c = connectWhenReady(w, port)) {
            c.readLine();
            w.awaitOutput("stats listener=echo model=event");
            assertThat(w.output()).containsPattern("stats listener=echo model=event uptime=\\d+s active=1 total=1 refused=0");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log)
                    && Files.readString(log).contains("stats listener=echo model=event"));
            assertThat(Files.readString(log)).containsPattern("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");
        }
    }

    @Test
    void httpServesAFileThroughTheCorkedZeroCopyPath(@TempDir Path dir) throws Exception {
        int port = WharfProcess.freePort();
        byte[] file = new byte[3 << 20];
        new java.util.Random(7).nextBytes(file);
        Files.write(dir.resolve("big.bin"), file);
        try (WharfProcess w = WharfProcess.start("serve", "http", "--bind", "127.0.0.1", "--port", "" + port,
                "--root", dir.toString(), "--model", "event")) {
            w.awaitOutput("ready on port " + port + " (model event), serving " + dir.toAbsolutePath().normalize()
                    + ";"); // the ready line names the directory served
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            for (int i = 0; i < 3; i++) { // keep-alive: the cork is released between responses
                java.net.http.HttpResponse<byte[]> r = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/big.bin")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo(file);
            }
            assertThat(w.output()).doesNotContain("WARNING");
        }
    }

    private static LineClient connectWhenReady(WharfProcess w, int port) throws java.io.IOException {
        w.awaitOutput("ready on port " + port);
        return LineClient.connect(new InetSocketAddress("127.0.0.1", port));
    }
}
