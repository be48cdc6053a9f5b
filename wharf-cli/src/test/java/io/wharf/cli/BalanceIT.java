package io.wharf.cli;

import org.junit.jupiter.api.BeforeEach;
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
    /** The two backends' ports and addresses, and the balancer's port. */
    private int p1;
    private int p2;
    private int lb;
    private String b1;
    private String b2;

    @BeforeEach
    void ports() throws Exception {
        Files.writeString(root.resolve("index.html"), "<p>hello</p>\n");
        p1 = WharfProcess.freePort();
        p2 = WharfProcess.freePort();
        lb = WharfProcess.freePort();
        b1 = "127.0.0.1:" + p1;
        b2 = "127.0.0.1:" + p2;
    }

    @Test
    void failsOverWhenABackendDiesAndTakesItBackWhenRestarted() throws Exception {
        WharfProcess first = http(p1);
        try (WharfProcess second = http(p2);
             WharfProcess balancer = balancer(lb, b1 + "," + b2, "--set", "balance.check_timeout=500ms",
                     "--set", "balance.rise=2")) {
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

    /**
     * The figure: {@code wharf load http -c 50} through the balancer while one of two backends is killed
     * with {@code kill -9}. A connection has one request in flight at a time, so at most one request per
     * connection can fail (those on the dead backend); every other request, and every new connection (a refused
     * connect is retried on the other backend before the client sees anything), succeeds.
     */
    @Test
    void killNineUnderFiftyConnectionsFailsOnlyTheRequestsInFlight() throws Exception {
        try (WharfProcess first = http(p1); WharfProcess second = http(p2);
             WharfProcess balancer = balancer(lb, b1 + "," + b2)) {
            first.awaitOutput("ready");
            second.awaitOutput("ready");
            balancer.awaitOutput("ready");
            try (WharfProcess load = WharfProcess.start("load", "http", "--host", "127.0.0.1", "--port",
                    Integer.toString(lb), "--path", "/index.html", "-c", "50", "--threads", "1", "-d", "8s",
                    "--warmup", "0s")) {
                balancer.awaitOutput("open " + b1 + " on balance outbound"); // the load reaches the first backend
                first.signal("KILL");
                balancer.awaitOutput("backend " + b1 + " is DOWN");
                assertThat(load.awaitExit(Duration.ofSeconds(30))).as(load.output()).isIn(0, 1);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("requests\\s+([\\d,]+) ok, ([\\d,]+) failed")
                        .matcher(load.output());
                assertThat(m.find()).as(load.output()).isTrue();
                long ok = Long.parseLong(m.group(1).replace(",", ""));
                long failed = Long.parseLong(m.group(2).replace(",", ""));
                assertThat(ok).as(load.output()).isGreaterThan(1000);
                assertThat(failed).as("at most the one request in flight per connection: " + load.output())
                        .isLessThanOrEqualTo(50);
            }
        }
    }

    /** The balancer on {@code port} under event, http checks every 300 ms, down after 2 failures; and {@code more}. */
    private static WharfProcess balancer(int port, String backends, String... more) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("serve", "balance", "--port",
                Integer.toString(port), "--bind", "127.0.0.1", "--model", "event", "--backends", backends,
                "--set", "balance.check=http", "--set", "balance.check_path=/index.html",
                "--set", "balance.check_interval=300ms", "--set", "balance.fall=2"));
        args.addAll(java.util.List.of(more));
        return WharfProcess.start(args.toArray(String[]::new));
    }

    /**
     * A backend, once it is ready: the balancer starts checking at once, and a backend not up yet would be marked
     * down, and its clients turned away ("connection closed mid-response"), before any kill.
     */
    private WharfProcess http(int port) throws Exception {
        WharfProcess p = WharfProcess.start("serve", "http", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--root", root.toString(), "--model", "event");
        try {
            p.awaitOutput("ready");
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
        return p;
    }
}
