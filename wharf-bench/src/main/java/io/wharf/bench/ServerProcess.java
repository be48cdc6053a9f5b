package io.wharf.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server under test, running as a child process with its output in a log file. Ready once its port accepts a
 * connection; stopped with SIGTERM, then killed if it lingers, along with any children it leaves behind.
 *
 * <p>Threading: used by the one orchestrating thread.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Duration PROBE_INTERVAL = Duration.ofMillis(50);
    private static final int PROBE_TIMEOUT_MILLIS = 200;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static ServerProcess start(String name, List<String> command, int port, Path log) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ServerProcess(name, process, port, log);
    }

    /** Polls the port until it accepts a connection; fails early, with the server's last words, if it exits. */
    public void awaitListening(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            checkAlive();
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), PROBE_TIMEOUT_MILLIS);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(name + " server not listening on port " + port + " after "
                            + timeout.toSeconds() + " s" + lastWords());
                }
            }
            Thread.sleep(PROBE_INTERVAL);
        }
    }

    public void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException(name + " server exited with code " + process.exitValue() + lastWords());
        }
    }

    /**
     * CPU the server has used so far: all threads of the process and of its live children (nginx's workers), or
     * null where the OS does not say for the process itself.
     */
    public Duration cpuTime() {
        Duration own = process.toHandle().info().totalCpuDuration().orElse(null);
        if (own == null) {
            return null;
        }
        return process.descendants().map(h -> h.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(own, Duration::plus);
    }

    /** A port that was free on the loopback address a moment ago, for the next server to listen on. */
    public static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Asks the server to stop, kills it if it lingers; if interrupted, kills it at once and keeps the interrupt. */
    @Override
    public void close() {
        // Children (nginx's workers) are listed first: once the parent is gone they can no longer be found.
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * The server's last meaningful log line: JVM warnings, stack frames and picocli's "Try '... --help'" hint
     * skipped, so a root cause (or the usage error itself) shows.
     */
    private String lastWords() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("WARNING:") && !l.startsWith("at ") && !l.startsWith("...")
                            && !(l.startsWith("Try '") && l.endsWith("for more information.")))
                    .toList();
            return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1).replaceFirst("^Caused by: ", "");
        } catch (IOException e) {
            return "";
        }
    }
}
