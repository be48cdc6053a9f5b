package io.wharf.cli;

import io.wharf.core.testing.LineClient;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code --model process} as a user runs it: each client's handler in its own child JVM. A child that dies,
 * however it dies, ends only its own client; the others keep echoing; the dead are reaped and counted.
 */
class ProcessModelIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> CRASHES = List.of("!crash:exit", "!crash:throw", "!crash:oom", "!crash:halt");

    @Test
    void aCrashingChildEndsOnlyItsOwnClientAndIsReaped() throws Exception {
        int port = WharfProcess.freePort();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        // no spares: every connection starts its own child, so wharf's children are exactly the clients' children
        try (WharfProcess w = WharfProcess.startWithJvmOptions(List.of("-Dwharf.test.crash=true"), "serve", "echo",
                "--bind", "127.0.0.1", "--port", "" + port, "--model", "process", "--stats-interval", "1",
                "--min-spare-children", "0", "--max-spare-children", "0");
             LineClient steady = connect(w, address)) {
            int crashed = 0;
            for (String crash : CRASHES) {
                try (LineClient victim = LineClient.connect(address, WAIT)) { // a JVM start each: slow on a loaded machine
                    assertThat(victim.readLine()).startsWith("Welcome");
                    victim.send(crash + "\n");
                    assertThat(victim.awaitClosed()).as(crash).isTrue();
                }
                crashed++;
                steady.send("survived " + crashed + "\n");
                assertThat(steady.readLine()).endsWith(": survived " + crashed);
                w.awaitOutput("children_crashed=" + crashed);
            }
            try (LineClient victim = LineClient.connect(address, WAIT)) { // kill -9 from outside, mid-connection
                assertThat(victim.readLine()).startsWith("Welcome");
                long pid = childPid(w, 6);
                new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
                assertThat(victim.awaitClosed()).isTrue();
                w.awaitOutput("child pid " + pid + " crashed with exit code 137");
            }
            w.awaitOutput("children_crashed=5");
            steady.send("still here\n");
            assertThat(steady.readLine()).endsWith(": still here");
            // only the steady client's child is left, and no zombie ever lingers
            await().atMost(WAIT).untilAsserted(() -> assertThat(w.children()).hasSize(1).noneMatch(ChildProcess::zombie));
            assertThat(w.output()).containsPattern("child pid \\d+ ready in \\d+ms")
                    .containsPattern("child_startup_ms_avg=\\d+");
            steady.send("quit\n");
            assertThat(steady.readLine()).isEqualTo("Goodbye!");
            await().atMost(WAIT).until(() -> w.children().isEmpty());
        }
    }

    @Test
    void pastMaxChildrenAClientGetsTheBusyReply() throws Exception {
        int port = WharfProcess.freePort();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        try (WharfProcess w = WharfProcess.start("serve", "echo", "--bind", "127.0.0.1", "--port", "" + port,
                "--model", "process", "--max-children", "1");
             LineClient first = connect(w, address);
             LineClient second = LineClient.connect(address, WAIT)) {
            assertThat(second.readLine()).isEqualTo("ERROR server busy: max_children (1) child processes are running");
            assertThat(second.awaitClosed()).isTrue();
            first.send("hi\n");
            assertThat(first.readLine()).isEqualTo("Echo #1: hi");
            w.signal("TERM");
            first.send("quit\n");
            assertThat(first.readLine()).isEqualTo("Goodbye!");
            assertThat(w.awaitExit(WAIT)).isZero();
        }
    }

    private static LineClient connect(WharfProcess w, InetSocketAddress address) throws java.io.IOException {
        w.awaitOutput("ready on port " + address.getPort());
        LineClient c = LineClient.connect(address, WAIT); // may wait for a JVM start: slow on a loaded machine
        assertThat(c.readLine()).startsWith("Welcome");
        return c;
    }

    private static long childPid(WharfProcess w, int connection) {
        Pattern ready = Pattern.compile("conn#" + connection + " child pid (\\d+) ready");
        w.awaitOutput("conn#" + connection + " child pid");
        Matcher m = ready.matcher(w.output());
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
