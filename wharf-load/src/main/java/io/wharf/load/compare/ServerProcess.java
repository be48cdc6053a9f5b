package io.wharf.load.compare;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One wharf server started for a comparison: waits until it accepts, samples it, stops it (SIGTERM, then a
 * kill if it has not exited in time). Used by one thread at a time.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ServerProcess start(ServerLauncher launcher, List<String> args, int port, Path log) throws IOException {
        return new ServerProcess(launcher.start(args, log), port, log);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The server with its worker or child processes, summed. */
    ProcSample sample() {
        return ProcSampler.sampleTree(process.pid());
    }

    /** CPU time the server and its processes have used so far; zero when the OS does not say. */
    Duration cpu() {
        return ProcSampler.cpuTree(process.pid());
    }

    /**
     * Polls until a connection to the port succeeds. Polling is the only way to learn a child process is
     * listening; it gives up early when the process exits, with the last line it logged.
     */
    void awaitAccepting(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("server exited (" + process.exitValue() + "): " + lastLogLine());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("server did not accept on port " + port + " within " + timeout.toSeconds()
                            + "s: " + lastLogLine());
                }
                pause(50);
            }
        }
    }

    /** Polls the server's log until a line matches; false when it does not within {@code timeout}, or exits. */
    boolean awaitLog(java.util.regex.Pattern line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                if (Files.readAllLines(log).stream().anyMatch(l -> line.matcher(l).find())) {
                    return true;
                }
            } catch (IOException e) {
                // not written yet
            }
            pause(200);
        }
        return false;
    }

    String lastLogLine() {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "no output" : lines.getLast().strip();
        } catch (IOException e) {
            return "no output";
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
