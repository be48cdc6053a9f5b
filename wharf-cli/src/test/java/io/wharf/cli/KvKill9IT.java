package io.wharf.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The AOF's promise under {@code appendfsync always} (and everysec), on the real server process: clients write concurrently,
 * the process is killed with SIGKILL mid-load, and after a restart on the same directory every write that was
 * acknowledged is there (and no counter is below an acknowledged value). Also: a corrupt AOF stops start-up
 * with one line naming the file and the byte, exit 2.
 */
@Timeout(180)
class KvKill9IT {

    private static final int CLIENTS = 6;

    @TempDir
    Path dir;

    private WharfProcess start(String model, int port) throws IOException {
        return start(model, "always", port);
    }

    private WharfProcess start(String model, String fsync, int port) throws IOException {
        return WharfProcess.start("serve", "kv", "--bind", "127.0.0.1", "--port", "" + port,
                "--set", "server.model=" + model, "--set", "kv.appendonly=yes", "--set", "kv.appendfsync=" + fsync,
                "--set", "kv.dir=" + dir);
    }

    /** Under everysec a process crash loses nothing acknowledged either: replies wait for the write, as Redis's. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"event, always", "reactor, always", "virtual, always", "thread, always", "pool, always",
        "event, everysec"})
    void everyAcknowledgedWriteSurvivesKill9(String model, String fsync) throws Exception {
        int port = WharfProcess.freePort();
        Map<String, String> acked = new ConcurrentHashMap<>();
        Map<Integer, Long> counters = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        try (WharfProcess w = start(model, fsync, port)) {
            w.awaitOutput("ready on port");
            for (int c = 0; c < CLIENTS; c++) {
                int id = c;
                clients.add(Thread.ofPlatform().start(() -> {
                    try (Resp r = new Resp(port)) {
                        for (int i = 0; ; i++) {
                            String key = "c" + id + ":" + i;
                            String value = "v" + i + "-" + "x".repeat(i % 50);
                            if (!r.call("SET", key, value).equals("+OK")) {
                                return;
                            }
                            acked.put(key, value);
                            String n = r.call("INCR", "counter:" + id);
                            counters.put(id, Long.parseLong(n.substring(1)));
                            total.incrementAndGet();
                        }
                    } catch (IOException | RuntimeException killed) {
                        // the server died under us: what was acknowledged is what counts
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> total.get() >= 300);
            w.signal("KILL");
            w.awaitExit(Duration.ofSeconds(20));
        }
        for (Thread t : clients) {
            t.join(10_000);
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(300);
        try (WharfProcess w = start(model, port)) {
            w.awaitOutput("ready on port");
            try (Resp r = new Resp(port)) {
                for (Map.Entry<String, String> e : acked.entrySet()) {
                    assertThat(r.call("GET", e.getKey())).as(e.getKey()).isEqualTo("$" + e.getValue());
                }
                for (Map.Entry<Integer, Long> e : counters.entrySet()) {
                    long after = Long.parseLong(r.call("GET", "counter:" + e.getKey()).substring(1));
                    assertThat(after).as("counter:" + e.getKey()).isGreaterThanOrEqualTo(e.getValue());
                }
            }
            w.signal("TERM");
            assertThat(w.awaitExit(Duration.ofSeconds(20))).isZero();
        }
    }

    @Test
    void aCorruptAofStopsStartUpWithOneLineAndExit2() throws Exception {
        int port = WharfProcess.freePort();
        try (WharfProcess w = start("event", port)) {
            w.awaitOutput("ready on port");
            try (Resp r = new Resp(port)) {
                assertThat(r.call("SET", "a", "1")).isEqualTo("+OK");
            }
            w.signal("TERM");
            assertThat(w.awaitExit(Duration.ofSeconds(20))).isZero();
        }
        Path incr = dir.resolve("appendonlydir/appendonly.aof.1.incr.aof");
        long at = Files.size(incr);
        Files.write(incr, "*1\r\n#4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        try (WharfProcess w = start("event", port)) {
            assertThat(w.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(w.output()).contains(incr + ": corrupt AOF at byte " + (at + 4)
                    + ": expected '$' starting an argument, found '#'").doesNotContain("\tat ");
        }
    }

    /** A minimal RESP client: one command, one reply line (bulk replies as {@code $value}). */
    private static final class Resp implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Resp(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        }

        String call(String... args) throws IOException {
            StringBuilder b = new StringBuilder("*" + args.length + "\r\n");
            for (String a : args) {
                b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = line();
            if (line.startsWith("$") && !line.equals("$-1")) {
                int n = Integer.parseInt(line.substring(1));
                byte[] data = in.readNBytes(n + 2);
                if (data.length < n + 2) {
                    throw new IOException("closed mid-reply");
                }
                return "$" + new String(data, 0, n, StandardCharsets.UTF_8);
            }
            return line;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (;;) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("closed");
                }
                if (c == '\r') {
                    in.read();
                    return b.toString();
                }
                b.append((char) c);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
