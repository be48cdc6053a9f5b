package io.wharf.bench.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs wrk against one URL and reads its report. Keep-alive is wrk's default; {@code --latency} adds the
 * percentiles. wrk is a plain closed-loop client: its latencies are service times under this load, not what a
 * client at a fixed rate would see.
 *
 * <p>Threading: used by the one orchestrating thread.
 *
 * @param binary      the wrk executable
 * @param threads     wrk threads ({@code -t})
 * @param connections keep-alive connections ({@code -c})
 */
record Wrk(Path binary, int threads, int connections) {

    /** How long past its duration a wrk run may take (connecting, the last responses) before it is killed. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    List<String> command(String url, Duration duration) {
        return List.of(binary.toString(), "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--latency", url);
    }

    /** One run; fails with wrk's own words when it exits non-zero (it cannot connect, say) or prints no report. */
    WrkResult run(String url, Duration duration) throws IOException, InterruptedException {
        // Into a file, not a pipe: a wrk that hangs must not hang the reader too.
        Path report = Files.createTempFile("wharf-wrk", ".txt");
        try {
            Process wrk = new ProcessBuilder(command(url, duration)).redirectErrorStream(true)
                    .redirectOutput(report.toFile()).start();
            try {
                wrk.getOutputStream().close();
                if (!wrk.waitFor(duration.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IOException("wrk did not finish within " + duration.plus(GRACE).toSeconds() + " s");
                }
            } finally {
                wrk.destroyForcibly();
            }
            String output = Files.readString(report, StandardCharsets.UTF_8);
            if (wrk.exitValue() != 0) {
                String last = output.strip().lines().reduce((a, b) -> b).orElse("(no output)");
                throw new IOException("wrk exited with code " + wrk.exitValue() + ": " + last);
            }
            try {
                return WrkOutput.parse(output);
            } catch (IllegalArgumentException e) {
                throw new IOException("wrk: " + e.getMessage(), e);
            }
        } finally {
            Files.deleteIfExists(report);
        }
    }
}
