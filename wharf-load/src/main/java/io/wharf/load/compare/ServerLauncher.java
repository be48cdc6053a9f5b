package io.wharf.load.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Starts {@code wharf} as a child process with the given arguments (e.g. {@code serve echo --model event ...}),
 * its output going to {@code log}. Tests plug in a class path; users get {@link #ofRunningWharf()}.
 */
@FunctionalInterface
public interface ServerLauncher {

    String MAIN = "io.wharf.cli.Main";

    Process start(List<String> wharfArgs, Path log) throws IOException;

    /**
     * The same java binary as this process, running the wharf this process came from: {@code java -jar
     * wharf.jar} when started from the jar (so its manifest's exports apply), else its class path.
     */
    static ServerLauncher ofRunningWharf() {
        String cp = System.getProperty("java.class.path", "");
        if (!cp.contains(java.io.File.pathSeparator) && cp.endsWith(".jar") && isRunnable(Path.of(cp))) {
            return jar(Path.of(cp));
        }
        return classPath(cp, MAIN);
    }

    static ServerLauncher jar(Path jar) {
        return (args, log) -> launch(List.of("-jar", jar.toAbsolutePath().toString()), args, log);
    }

    /** {@code java -cp classPath mainClass}, with the exports the jar's manifest would have given. */
    static ServerLauncher classPath(String classPath, String mainClass) {
        return (args, log) -> launch(List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, mainClass), args, log);
    }

    /** The GC log a launched server writes beside {@code log} ({@code server-M.log}: {@code gc-M.log}). */
    static Path gcLog(Path log) {
        return log.resolveSibling(log.getFileName().toString().replaceFirst("^server-", "gc-"));
    }

    private static Process launch(List<String> how, List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        // its pauses, for the cell's time series (quoted: a path may hold what -Xlog would split on)
        cmd.add("-Xlog:gc:file=\"" + gcLog(log).toAbsolutePath() + "\"");
        cmd.addAll(how);
        cmd.addAll(args);
        Files.createDirectories(log.toAbsolutePath().getParent());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static boolean isRunnable(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.getManifest() != null && f.getManifest().getMainAttributes().getValue("Main-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }
}
