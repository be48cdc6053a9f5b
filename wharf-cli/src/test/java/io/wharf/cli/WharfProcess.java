package io.wharf.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** The real {@code wharf.jar} run as a child process, as a user runs it: output captured, signals sent. */
final class WharfProcess implements AutoCloseable {

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private WharfProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
    }

    static WharfProcess start(String... args) throws IOException {
        return new WharfProcess(new ProcessBuilder(command(args)).redirectErrorStream(true).start());
    }

    /** Starts wharf with extra JVM options, e.g. a test-only system property. */
    static WharfProcess startWithJvmOptions(List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = command(args);
        cmd.addAll(1, jvmOptions);
        return new WharfProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    /** Starts wharf with its open-file limit (soft and hard) set to {@code limit}, as {@code ulimit -n} does. */
    static WharfProcess startWithFileLimit(int limit, String... args) throws IOException {
        String quoted = String.join(" ", command(args).stream().map(a -> "'" + a + "'").toList());
        return new WharfProcess(new ProcessBuilder("sh", "-c", "ulimit -n " + limit + " && exec " + quoted)
                .redirectErrorStream(true).start());
    }

    private static List<String> command(String... args) {
        String jar = System.getProperty("wharf.jar", "target/wharf.jar");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-jar", Path.of(jar).toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String output() {
        return output.toString();
    }

    void awaitOutput(String text) {
        await().atMost(Duration.ofSeconds(20))
                .failFast("wharf exited; output:\n" + output, () -> !reader.isAlive() && !contains(text))
                .until(() -> contains(text));
    }

    private boolean contains(String text) {
        return output.indexOf(text) >= 0;
    }

    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    long pid() {
        return process.pid();
    }

    /** The live child processes of wharf, and whether each is a zombie, from /proc. */
    List<ChildProcess> children() {
        return ChildProcess.of(process.pid());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("wharf did not exit within " + timeout + "; output:\n" + output);
        }
        reader.join(5000); // the last lines are read once the pipe closes
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
