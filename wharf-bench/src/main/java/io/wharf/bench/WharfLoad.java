package io.wharf.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code wharf load} run in a JVM of its own, its {@code --json} report read back. Shared by the chat and load
 * benches.
 *
 * <p>Threading: blocks the calling thread until the run is over.
 */
public final class WharfLoad {

    private WharfLoad() {
    }

    /**
     * Runs {@code java -jar wharfJar <loadArgs> --json} and returns its report; {@code what} names the run in
     * errors (e.g. "wharf load chat"). Fails when it takes longer than {@code limit} or prints no report.
     */
    public static JsonNode run(String what, Path wharfJar, List<String> loadArgs, Duration limit)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java().toString(), "-jar", wharfJar.toString()));
        command.addAll(loadArgs);
        command.add("--json");
        Path out = Files.createTempFile(what.replace(' ', '-'), ".json");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            p.getOutputStream().close();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(what + " did not finish");
            }
            String json = Files.readString(out, StandardCharsets.UTF_8);
            if (json.isBlank()) {
                throw new IOException(what + " exited with code " + p.exitValue() + " and no report");
            }
            return new ObjectMapper().readTree(json);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * A report's failures for a bench line: empty without any, else {@code  (22 failed, e.g. wrong reply: status
     * 404)}, the example from the report's {@code failure_examples} when it has one.
     */
    public static String failureNote(JsonNode report) {
        long failed = report.path("total_failures").asLong();
        if (failed == 0) {
            return "";
        }
        JsonNode example = report.path("failure_examples").path(0);
        return "  (" + failed + " failed" + (example.isMissingNode() ? "" : ", e.g. "
                + example.path("kind").asText().replace('_', ' ') + ": " + example.path("reply").asText()) + ")";
    }

    /** The java launcher of this JVM. */
    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
