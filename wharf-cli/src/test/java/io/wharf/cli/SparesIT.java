package io.wharf.cli;

import io.wharf.core.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code --model process} with spare children, as a user runs it: warmed spares wait and a connection takes one
 * without waiting for a JVM; a spare killed with {@code kill -9} is counted and replaced; spares exit on their own
 * when their parent is killed; a burst of connections mostly finds a spare ready; and the client's socket goes to
 * its child (or, forced off, is relayed) with the bytes exact both ways and the half-close kept.
 */
class SparesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The server runs on this JVM's java: descriptor passing needs 22+ (built and run with it). */
    private static final boolean FD_PASSING = Runtime.version().feature() >= 22;

    @Test
    void aConnectionTakesAWarmedSpareAndAKilledSpareIsReplaced() throws Exception {
        int port = WharfProcess.freePort();
        try (WharfProcess w = serve(port, "--min-spare-children", "3", "--max-spare-children", "3")) {
            awaitStats(w, 0, "spares_idle=3");
            Set<Long> spares = pids(w);
            assertThat(spares).hasSize(3);
            try (LineClient c = LineClient.connect(new InetSocketAddress("127.0.0.1", port), WAIT)) {
                assertThat(c.readLine()).startsWith("Welcome");
                c.send("hi\n");
                assertThat(c.readLine()).isEqualTo("Echo #1: hi");
                Matcher m = awaitMatch(w, Pattern.compile("conn#1 child pid (\\d+) ready in \\d+ms \\(a spare\\)"));
                long taken = Long.parseLong(m.group(1));
                assertThat(spares).contains(taken);
                long victim = spares.stream().filter(p -> p != taken).findFirst().orElseThrow();
                int from = w.output().length();
                new ProcessBuilder("kill", "-9", Long.toString(victim)).start().waitFor();
                w.awaitOutput("spare child pid " + victim + " died while waiting with exit code 137");
                awaitStats(w, from, "spares_died=1");
                awaitStats(w, w.output().length(), "spares_idle=3");
                assertThat(lastStats(w)).contains("spare_misses=0").contains("children_crashed=0");
                c.send("quit\n");
                assertThat(c.readLine()).isEqualTo("Goodbye!");
            }
            // each spare served its warm-up connection before it was ready: none of it is counted or logged
            awaitStats(w, w.output().length(), "active=0 total=1 refused=0 in=8B out=66B");
            assertThat(w.output()).doesNotContainPattern("spare child pid \\d+: ");
            assertThat(gauge(lastStats(w), "spare_handoff_us_max")).isPositive(); // it took a ready spare
            await().atMost(WAIT).untilAsserted(() -> assertThat(w.children()).hasSize(3)
                    .noneMatch(ChildProcess::zombie));
            Set<Long> before = pids(w);
            w.signal("TERM");
            assertThat(w.awaitExit(WAIT)).isZero();
            before.forEach(p -> assertThat(gone(p)).as("spare pid %d after the server stopped", p).isTrue());
        }
    }

    @Test
    void aReloadRetiresTheSparesStartedWithTheOldConfig(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        int port = WharfProcess.freePort();
        Path conf = Files.writeString(dir.resolve("server.conf"), "[server]\nmin_spare_children = 2\n");
        try (WharfProcess w = serve(port, "-c", conf.toString())) {
            awaitStats(w, 0, "spares_idle=2");
            Set<Long> old = pids(w);
            Files.writeString(conf, "[server]\nmin_spare_children = 3\n");
            int from = w.output().length();
            w.signal("HUP");
            w.awaitOutput("retiring 2 spare children started with the old config");
            awaitStats(w, from, "spares_idle=3");
            await().atMost(WAIT).until(() -> old.stream().allMatch(SparesIT::gone));
            assertThat(pids(w)).hasSize(3).doesNotContainAnyElementsOf(old);
            assertThat(lastStats(w)).contains("spares_min=3").contains("spares_died=0");
        }
    }

    @Test
    void sparesExitWhenTheirParentIsKilled() throws Exception {
        int port = WharfProcess.freePort();
        try (WharfProcess w = serve(port, "--min-spare-children", "2")) {
            awaitStats(w, 0, "spares_idle=2");
            Set<Long> spares = pids(w);
            new ProcessBuilder("kill", "-9", Long.toString(w.pid())).start().waitFor();
            // their stdin closes with the parent: each notices and exits, leaving no orphan
            await().atMost(WAIT).until(() -> spares.stream().allMatch(SparesIT::gone));
            if (!FD_PASSING) {
                return; // no control socket to leave behind
            }
            Matcher control = awaitMatch(w, Pattern.compile("SCM_RIGHTS over (\\S+)\\)"));
            Path dir = Path.of(control.group(1)).getParent();
            assertThat(dir).as("a killed server cannot remove its control socket").exists();
            try (WharfProcess next = serve(WharfProcess.freePort(), "--min-spare-children", "0")) {
                next.awaitOutput("SCM_RIGHTS over");
                assertThat(dir).as("the next server removes what a killed one left").doesNotExist();
            }
        }
    }

    @ParameterizedTest(name = "child_fd_passing = {0}")
    @ValueSource(booleans = {true, false})
    void bytesAreExactBothWaysAndAHalfCloseGetsItsLastAnswer(boolean fdPassing) throws Exception {
        int port = WharfProcess.freePort();
        try (WharfProcess w = serve(port, "--min-spare-children", "1", "--set",
                "server.child_fd_passing=" + fdPassing)) {
            w.awaitOutput(!fdPassing ? "relays each client's bytes to its child (child_fd_passing = false)"
                    : FD_PASSING ? "hands each client's socket to its child"
                    : "relays each client's bytes to its child: descriptor passing needs Java 22+");
            awaitStats(w, 0, "spares_idle=1");
            int lines = 20_000; // about 400 KiB each way, more than any pipe or socket buffer holds
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(30_000);
                InputStream in = s.getInputStream();
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        OutputStream out = s.getOutputStream();
                        StringBuilder sb = new StringBuilder();
                        for (int i = 0; i < lines; i++) {
                            sb.append("line ").append(i).append(" \u00e9\u00e8\n");
                        }
                        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                        out.write("unterminated".getBytes(StandardCharsets.UTF_8));
                        s.shutdownOutput(); // half-close: the echo of the unterminated line must still come
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                byte[] all = readToEnd(in);
                writer.join();
                StringBuilder expected = new StringBuilder("Welcome to Echo Server! Type 'quit' to exit.\n");
                for (int i = 0; i < lines; i++) {
                    expected.append("Echo #").append(i + 1).append(": line ").append(i).append(" \u00e9\u00e8\n");
                }
                expected.append("Echo #").append(lines + 1).append(": unterminated\n");
                assertThat(new String(all, StandardCharsets.UTF_8)).isEqualTo(expected.toString());
            }
            awaitStats(w, 0, "children_fd_passing=" + (fdPassing && FD_PASSING ? 1 : 0));
            awaitStats(w, 0, "active=0 total=1");
        }
    }

    /**
     * HTTP's spares warm up on real requests ({@code GET /} and a 404): a client's keep-alive connection, taken by
     * a warmed spare, gets its file and then the child's own {@code /stats}, which counts only the client's first
     * request, and the access log holds the client's two requests and nothing of any spare's warm-up.
     */
    @Test
    void anHttpSpareWarmsUpOnRequestsThatNoLogOrCounterShows(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>\n");
        Path accessLog = dir.resolve("access.log");
        int port = WharfProcess.freePort();
        try (WharfProcess w = WharfProcess.start("serve", "http", "--bind", "127.0.0.1", "--port", "" + port,
                "--model", "process", "--stats-interval", "1", "--root", root.toString(),
                "--min-spare-children", "2", "--set", "logging.access_log=" + accessLog)) {
            w.awaitOutput("ready on port " + port);
            awaitStats(w, 0, "spares_idle=2");
            String base = "http://127.0.0.1:" + port;
            try (java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
                var body = java.net.http.HttpResponse.BodyHandlers.ofString();
                var page = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/"))
                        .timeout(WAIT).build(), body);
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).isEqualTo("<h1>home</h1>\n");
                // the same connection, so the same child: its counters saw the page, and no warm-up
                var stats = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/stats"))
                        .timeout(WAIT).build(), body);
                assertThat(stats.statusCode()).isEqualTo(200);
                assertThat(stats.body()).contains("\"requests\":1,");
            }
            awaitMatch(w, Pattern.compile("conn#1 child pid \\d+ ready in \\d+ms \\(a spare\\)"));
            awaitStats(w, w.output().length(), "active=0 total=1");
            await().atMost(WAIT).untilAsserted(() -> assertThat(Files.readAllLines(accessLog)).hasSize(2));
            List<String> lines = Files.readAllLines(accessLog);
            assertThat(lines.get(0)).contains("\"GET / HTTP/1.1\" 200 ");
            assertThat(lines.get(1)).contains("\"GET /stats HTTP/1.1\" 200 ");
            assertThat(w.output()).doesNotContain("warm-up").doesNotContainPattern("spare child pid \\d+: ");
            w.signal("TERM");
            assertThat(w.awaitExit(WAIT)).isZero();
            assertThat(Files.readAllLines(accessLog)).as("spares retired at the stop logged nothing").hasSize(2);
        }
    }

    /**
     * 50 connections in bursts of 4 (the spares kept), each burst once the server shows 4 spares ready: every
     * one is served by a warmed spare, none waits for a JVM, and the spares are replaced burst after burst.
     * Then a burst of 12 against the 4: the 8 beyond them wait for a child's start, and the counters say so.
     * The bursts follow the server's readiness, not a clock, so a loaded machine only makes the test slower.
     */
    @Test
    void burstsOfFiftyConnectionsFindTheirSparesReady() throws Exception {
        int port = WharfProcess.freePort();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        try (WharfProcess w = serve(port, "--min-spare-children", "4", "--max-spare-children", "8")) {
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            int served = 0;
            while (served < 50) {
                awaitStats(w, w.output().length(), Pattern.compile("spares_idle=[4-8]\\b"));
                int burst = Math.min(4, 50 - served);
                burst(address, served, burst, failures);
                served += burst;
            }
            assertThat(failures).isEmpty();
            awaitStats(w, 0, "total=50");
            assertThat(gauge(lastStats(w), "spare_misses")).as(lastStats(w)).isZero();
            assertThat(gauge(lastStats(w), "spare_wait_ms_max")).isZero();
            assertThat(gauge(lastStats(w), "spares_started")).isGreaterThanOrEqualTo(50);

            awaitStats(w, w.output().length(), Pattern.compile("spares_idle=[4-8]\\b"));
            burst(address, 50, 12, failures);
            assertThat(failures).isEmpty();
            awaitStats(w, 0, "total=62");
            String stats = lastStats(w);
            assertThat(gauge(stats, "spare_misses")).as(stats).isBetween(1L, 8L);
            // (not the wait: it is counted in whole ms, and a miss whose child was nearly warm waits under one)
            assertThat(gauge(stats, "children_crashed")).isZero();
        }
    }

    /** {@code n} clients at once, each: welcome, one echo, quit; waits for them all. */
    private static void burst(InetSocketAddress address, int first, int n, ConcurrentLinkedQueue<String> failures)
            throws InterruptedException {
        List<Thread> clients = new ArrayList<>();
        for (int i = first; i < first + n; i++) {
            int id = i;
            clients.add(Thread.ofVirtual().start(() -> {
                try (LineClient c = LineClient.connect(address, WAIT)) {
                    assertThat(c.readLine()).startsWith("Welcome");
                    c.send("client " + id + "\n");
                    assertThat(c.readLine()).isEqualTo("Echo #1: client " + id);
                    c.send("quit\n");
                    assertThat(c.readLine()).isEqualTo("Goodbye!");
                } catch (Throwable e) {
                    failures.add("client " + id + ": " + e);
                }
            }));
        }
        for (Thread t : clients) {
            t.join(WAIT.toMillis() * 2);
        }
    }

    private static WharfProcess serve(int port, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", "echo", "--bind", "127.0.0.1", "--port", "" + port,
                "--model", "process", "--stats-interval", "1"));
        args.addAll(List.of(extra));
        WharfProcess w = WharfProcess.start(args.toArray(String[]::new));
        w.awaitOutput("ready on port " + port);
        return w;
    }

    /** Waits for a stats line after {@code from} (a position in the output) that contains {@code text}. */
    private static void awaitStats(WharfProcess w, int from, String text) {
        awaitStats(w, from, Pattern.compile(Pattern.quote(text) + "(\\s|$)"));
    }

    private static void awaitStats(WharfProcess w, int from, Pattern gauge) {
        Pattern p = Pattern.compile("wharf\\.stats - stats .*" + gauge.pattern());
        await().atMost(WAIT).failFast("wharf exited:\n" + w.output(), () -> !w.isAlive())
                .until(() -> p.matcher(w.output().substring(Math.min(from, w.output().length()))).find());
    }

    private static Matcher awaitMatch(WharfProcess w, Pattern p) {
        await().atMost(WAIT).until(() -> p.matcher(w.output()).find());
        Matcher m = p.matcher(w.output());
        assertThat(m.find()).isTrue();
        return m;
    }

    private static String lastStats(WharfProcess w) {
        String out = w.output();
        int at = out.lastIndexOf("wharf.stats - stats ");
        int end = out.indexOf('\n', at);
        return out.substring(at, end < 0 ? out.length() : end);
    }

    private static long gauge(String statsLine, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=(\\d+)").matcher(statsLine);
        assertThat(m.find()).as(name + " in " + statsLine).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static Set<Long> pids(WharfProcess w) {
        return w.children().stream().map(ChildProcess::pid).collect(Collectors.toSet());
    }

    /** Exited, or a zombie left to whoever adopted it: no longer running. */
    private static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            all.write(buffer, 0, n);
        }
        return all.toByteArray();
    }
}
