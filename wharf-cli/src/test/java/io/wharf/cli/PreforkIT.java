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
        try (WharfProcess w = start(port);
             HttpLoad load = new HttpLoad(new InetSocketAddress("127.0.0.1", port), "/index.html", 4)) {
            List<Long> old = w.children().stream().map(ChildProcess::pid).toList();
            await().atMost(WAIT).until(() -> load.ok() > 200);
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
            // each worker serves both: two workers' logs name both listeners
            assertThat(w.output()).containsPattern("wharf.worker.1 .*web: http listening on 127.0.0.1:" + web)
                    .containsPattern("wharf.worker.2 .*echo: echo listening on 127.0.0.1:" + echo + " \\(thread model");
            w.signal("TERM");
            assertThat(w.awaitExit(WAIT)).isZero();
        }
    }

    private WharfProcess start(int port) throws Exception {
        Files.writeString(root.resolve("index.html"), "<h1>hello from a worker</h1>\n");
        WharfProcess w = WharfProcess.start("serve", "http", "--bind", "127.0.0.1", "--port", "" + port,
                "--root", root.toString(), "--model", "prefork", "--workers", "2",
                "--set", "logging.access_log=off", "--drain-timeout", "10s");
        w.awaitOutput("generation 1: 2 worker(s)");
        return w;
    }

    private static String get(HttpClient client, int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
