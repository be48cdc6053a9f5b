package io.wharf.http.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Real clients (curl, wrk) for tests, installed from Debian's packages on first use when missing, so
 * `./mvnw verify` needs nothing installed by hand.
 */
final class DebianTools {

    private DebianTools() {
    }

    /** The path of {@code command}, installing {@code pkg} with apt-get when it is missing. */
    static synchronized String require(String command, String pkg) throws IOException, InterruptedException {
        for (String dir : new String[] {"/usr/bin", "/usr/local/bin", "/bin"}) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return dir + "/" + command;
            }
        }
        run("apt-get", "update", "-q");
        run("apt-get", "install", "-y", "-q", pkg);
        return require(command, pkg);
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: install " + cmd[cmd.length - 1] + " by hand");
        }
    }

    /** Runs a command and returns its standard output; fails on a non-zero exit. */
    static String output(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": "
                    + new String(p.getErrorStream().readAllBytes()));
        }
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }
}
