package io.wharf.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server under test, running as a child process with its output in a log file. Ready once its port accepts a
 * connection; stopped with SIGTERM, then killed if it lingers.
 *
 * <p>Threading: used by the one orchestrating thread.
 */
final class ServerProcess implements AutoCloseable {

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

    static ServerProcess start(String name, List<String> command, int port, Path log) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ServerProcess(name, process, port, log);
    }

    /** Polls the port until it accepts a connection; fails early, with the server's last words, if it exits. */
    void awaitListening(Duration timeout) throws IOException, InterruptedException {
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

    void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException(name + " server exited with code " + process.exitValue() + lastWords());
        }
    }

    /** CPU the server process has used so far (all its threads), or null where the OS does not say. */
    Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(null);
    }

    /** Asks the server to stop, kills it if it lingers; if interrupted, kills it at once and keeps the interrupt. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The server's last meaningful log line: JVM warnings and stack frames skipped, so a root cause shows. */
    private String lastWords() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("WARNING:") && !l.startsWith("at ") && !l.startsWith("..."))
                    .toList();
            return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1).replaceFirst("^Caused by: ", "");
        } catch (IOException e) {
            return "";
        }
    }
}
