package io.wharf.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code --model prefork} as a user runs it: a master and two worker JVMs sharing the port. Supervision,
 * zero-downtime reload, graceful stop, and the port check.
 */
class PreforkIT {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path root;

    @Test
    void aKilledWorkerIsRestartedAndStatsShowEachWorker() throws Exception {
        int port = WharfProcess.freePort();
        try (WharfProcess w = start(port)) {
            List<ChildProcess> before = w.children();
            assertThat(before).hasSize(2);
            long victim = before.get(0).pid();
            new ProcessBuilder("kill", "-9", Long.toString(victim)).start().waitFor();
            w.awaitOutput("(pid " + victim + ") died after");
            assertThat(w.output()).contains("killed by SIGKILL (exit code 137)").contains("restarting it now");
            w.awaitOutput("restarted as pid");
            await().atMost(WAIT).untilAsserted(() -> assertThat(w.children()).hasSize(2)
                    .noneMatch(c -> c.pid() == victim).noneMatch(ChildProcess::zombie));
            HttpClient client = HttpClient.newHttpClient();
            await().atMost(WAIT).untilAsserted(() -> assertThat(get(client, port, "/stats"))
                    .contains("\"workers\":{\"worker-1-pid-").contains("\"worker-2-pid-"));
        }
    }

    @Test
    void sighupReplacesTheWorkersWithZeroFailedRequestsUnderLoad() throws Exception {
        int port = WharfProcess.freePort();
        Path conf = Files.writeString(root.resolve("reload.conf"), "[server]\n");
        try (WharfProcess w = start(port, "-c", conf.toString());
             HttpLoad load = new HttpLoad(new InetSocketAddress("127.0.0.1", port), "/index.html", 4)) {
            List<Long> old = w.children().stream().map(ChildProcess::pid).toList();
            await().atMost(WAIT).until(() -> load.ok() > 200);
            Files.writeString(conf, "[server]\nmax_connections = 500\n"); // a change: only then are they replaced
            w.signal("HUP");
            w.awaitOutput("generation 2 serving");
            await().atMost(WAIT).until(() -> w.children().stream().noneMatch(c -> old.contains(c.pid())));
            long afterReload = load.ok();
            await().atMost(WAIT).until(() -> load.ok() > afterReload + 200); // the new generation serves
            load.close();
            assertThat(load.failures()).isEmpty();
            assertThat(load.reconnects()).as("old workers closed their keep-alive connections").isGreaterThan(4);
            assertThat(w.output()).contains("exited with code 0").doesNotContain("died after");
        }
    }

    @Test
    void sigtermDrainsEveryWorkerUnderLoadAndAllExitZero() throws Exception {
        int port = WharfProcess.freePort();
        try (WharfProcess w = start(port);
             HttpLoad load = new HttpLoad(new InetSocketAddress("127.0.0.1", port), "/index.html", 4)) {
            await().atMost(WAIT).until(() -> load.ok() > 200);
            load.stopOnRefusal();
            w.signal("TERM");
            assertThat(w.awaitExit(WAIT)).isZero();
            await().atMost(WAIT).until(load::allEnded);
            assertThat(load.failures()).isEmpty();
            assertThat(w.output()).contains("all workers drained and exited").doesNotContain("died after");
            assertThat(w.output().lines().filter(l -> l.contains("exited with code 0"))).hasSize(2);
        }
    }

    @Test
    void aSecondMasterOnTheSamePortFailsWithThePortInUseError() throws Exception {
        int port = WharfProcess.freePort();
        try (WharfProcess first = start(port);
             WharfProcess second = WharfProcess.start("serve", "http", "--bind", "127.0.0.1", "--port", "" + port,
                     "--root", root.toString(), "--model", "prefork", "--workers", "2")) {
            assertThat(second.awaitExit(WAIT)).isEqualTo(2);
            assertThat(second.output()).contains("wharf: port " + port + " is already in use on 127.0.0.1");
            assertThat(second.children()).isEmpty();
            assertThat(first.children()).hasSize(2);
        }
    }

    @Test
    void everyWorkerRunsEveryListenerOfAConfig() throws Exception {
        int web = WharfProcess.freePort();
        int echo = WharfProcess.freePort();
        Files.writeString(root.resolve("index.html"), "<h1>hello from a worker</h1>\n");
        Path conf = Files.write(root.resolve("multi.conf"), List.of(
                "[server]", "model = prefork", "workers = 2", "bind_address = 127.0.0.1", "drain_timeout = 10s",
                "[listener.web]", "protocol = http", "port = " + web, "document_root = " + root,
                "[listener.echo]", "protocol = echo", "port = " + echo, "raw = true", "model = thread"));
        try (WharfProcess w = WharfProcess.start("serve", "-c", conf.toString())) {
            w.awaitOutput("generation 1: 2 worker(s)");
            assertThat(w.output()).contains("on port " + web + ", " + echo);
            HttpClient client = HttpClient.newHttpClient();
            assertThat(get(client, web, "/index.html")).isEqualTo("<h1>hello from a worker</h1>\n");
            try (io.wharf.core.testing.LineClient c = io.wharf.core.testing.LineClient.connect(
                    new InetSocketAddress("127.0.0.1", echo))) {
                c.send("raw\n");
                assertThat(c.readLine()).isEqualTo("raw");
            }
            // each worker serves both: two workers' logs name both listeners, each line with one prefix
            assertThat(w.output()).containsPattern("INFO  \\[worker-1/main] i.w.core.HostedListener - web: http "
                    + "listening on 127.0.0.1:" + web)
                    .containsPattern("\\[worker-2/main] \\S+ - echo: echo listening on 127.0.0.1:" + echo
                            + " \\(thread model");
            assertThat(w.output().lines().filter(l -> l.contains("listening on")))
                    .noneMatch(l -> l.matches(".*(INFO|WARN).*(INFO|WARN).*"))
                    .noneMatch(l -> l.contains("wharf-worker-"));
            w.signal("TERM");
            assertThat(w.awaitExit(WAIT)).isZero();
        }
    }

    /**
     * Issue 12: twenty GETs, then scrapes: the 200-counter read 12, 8, 9, 10, 13, 11 (whichever worker answered),
     * and a SIGHUP reset the totals to zero. Now every scrape shows the whole server's, it never goes down, not
     * even across a reload, and a reload that changed nothing keeps the workers.
     */
    @Test
    void statsAndMetricsAreTheWholeServersAndSurviveReloads() throws Exception {
        int port = WharfProcess.freePort();
        Files.writeString(root.resolve("index.html"), "<h1>hello from a worker</h1>\n");
        java.util.function.IntFunction<List<String>> conf = max -> List.of("[server]", "model = prefork",
                "workers = 2", "bind_address = 127.0.0.1", "port = " + port, "drain_timeout = 10s",
                "max_connections = " + max, "document_root = " + root, "[logging]", "access_log = off");
        Path file = Files.write(root.resolve("prefork.conf"), conf.apply(1000));
        try (WharfProcess w = WharfProcess.start("serve", "http", "-c", file.toString())) {
            w.awaitOutput("generation 1: 2 worker(s)");
            for (int i = 0; i < 20; i++) {
                assertThat(getOnNewConnection(port, "/index.html")).startsWith("HTTP/1.1 200");
            }
            await().atMost(WAIT).until(() -> ok200(port) >= 20);
            long last = 0;
            for (int i = 0; i < 6; i++) {
                long now = ok200(port);
                assertThat(now).as("scrape %d", i).isGreaterThanOrEqualTo(Math.max(last, 20));
                last = now;
            }
            long connections = Long.parseLong(field(getOnNewConnection(port, "/stats"), "total_connections"));
            assertThat(connections).as("the twenty GETs, whichever worker served them").isGreaterThanOrEqualTo(20);

            Files.write(file, conf.apply(500));
            w.signal("HUP");
            w.awaitOutput("generation 2 serving");
            w.awaitOutput("exited with code 0");
            await().atMost(WAIT).until(() -> w.output().lines().filter(l -> l.contains("exited with code 0"))
                    .count() == 2);
            for (int i = 0; i < 6; i++) {
                long now = ok200(port);
                assertThat(now).as("after the reload, scrape %d", i).isGreaterThanOrEqualTo(last);
                last = now;
            }
            assertThat(Long.parseLong(field(getOnNewConnection(port, "/stats"), "total_connections")))
                    .as("the retired generation's connections still count").isGreaterThanOrEqualTo(connections);

            w.signal("HUP");
            w.awaitOutput("nothing changed; the workers keep running");
            await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> !w.output().contains("generation 3"));
        }
    }

    private static long ok200(int port) throws Exception {
        String metrics = getOnNewConnection(port, "/metrics");
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("wharf_http_requests_total\\{method=\"GET\",status=\"200\"} (\\d+)").matcher(metrics);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String field(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }

    /** One request on a connection of its own, so the kernel may hand each to another worker. */
    private static String getOnNewConnection(int port, String path) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private WharfProcess start(int port, String... more) throws Exception {
        Files.writeString(root.resolve("index.html"), "<h1>hello from a worker</h1>\n");
        List<String> args = new java.util.ArrayList<>(List.of("serve", "http", "--bind", "127.0.0.1", "--port",
                "" + port, "--root", root.toString(), "--model", "prefork", "--workers", "2",
                "--set", "logging.access_log=off", "--drain-timeout", "10s"));
        args.addAll(List.of(more));
        WharfProcess w = WharfProcess.start(args.toArray(String[]::new));
        w.awaitOutput("generation 1: 2 worker(s)");
        return w;
    }

    private static String get(HttpClient client, int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
