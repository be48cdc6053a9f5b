package io.wharf.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code wharf serve balance} in front of two real {@code wharf serve http} processes, under load: a backend
 * killed with {@code kill -9} is marked down within {@code check_interval x fall}, only the requests in flight
 * on it fail, no new connection goes to it, and it is back once restarted; a stopped one ({@code kill -STOP})
 * is caught by the check timeout.
 */
class BalanceIT {

    private static final int CLIENTS = 6;

    @TempDir
    Path root;

    @Test
    void failsOverWhenABackendDiesAndTakesItBackWhenRestarted() throws Exception {
        Files.writeString(root.resolve("index.html"), "<p>hello</p>\n");
        int p1 = WharfProcess.freePort();
        int p2 = WharfProcess.freePort();
        int lb = WharfProcess.freePort();
        String b1 = "127.0.0.1:" + p1;
        String b2 = "127.0.0.1:" + p2;
        WharfProcess first = http(p1);
        try (WharfProcess second = http(p2);
             WharfProcess balancer = WharfProcess.start("serve", "balance", "--port", Integer.toString(lb),
                     "--bind", "127.0.0.1", "--model", "event", "--backends", b1 + "," + b2,
                     "--set", "balance.check=http", "--set", "balance.check_path=/index.html",
                     "--set", "balance.check_interval=300ms", "--set", "balance.check_timeout=500ms",
                     "--set", "balance.fall=2", "--set", "balance.rise=2")) {
            first.awaitOutput("ready");
            second.awaitOutput("ready");
            balancer.awaitOutput("ready");
            try (HttpLoad load = new HttpLoad(new InetSocketAddress("127.0.0.1", lb), "/index.html", CLIENTS)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() > 300);
                assertThat(load.failures()).isEmpty();

                first.signal("KILL");
                long killed = System.nanoTime();
                balancer.awaitOutput("backend " + b1 + " is DOWN");
                assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("about interval x fall")
                        .isLessThan(Duration.ofMillis(300 * 2 + 3000));
                long after = load.ok();
                await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() > after + 300);
                assertThat(load.failures()).as("only requests in flight on the dead backend, one per client at most")
                        .hasSizeLessThanOrEqualTo(CLIENTS);
                String sinceDown = balancer.output().substring(balancer.output().indexOf("backend " + b1 + " is DOWN"));
                assertThat(sinceDown).as("no new connection to it").doesNotContain("open " + b1 + " on balance outbound");

                first = http(p1);
                first.awaitOutput("ready");
                balancer.awaitOutput("backend " + b1 + " is UP");
            }

            second.signal("STOP");
            try {
                balancer.awaitOutput("backend " + b2 + " is DOWN: http check failed 2 time(s) in a row: no answer within 500ms");
            } finally {
                second.signal("CONT");
            }
            balancer.awaitOutput("backend " + b2 + " is UP");
        } finally {
            first.close();
        }
    }

    private WharfProcess http(int port) throws Exception {
        return WharfProcess.start("serve", "http", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--root", root.toString(), "--model", "event");
    }
}
