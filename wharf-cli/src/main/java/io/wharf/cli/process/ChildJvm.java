package io.wharf.cli.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start another wharf JVM: this JVM's own {@code java} binary and class path (the shaded jar with
 * {@code -jar}, so its manifest's exports apply), running one of wharf's hidden subcommands. Immutable.
 *
 * <p>{@link #TEST_CRASH_PROPERTY} is passed on when set, so tests can make a child crash on purpose; it is
 * off for users.
 */
public record ChildJvm(Path java, String classPath) {

    /** System property that enables the test-only crash commands of a {@code process} child. */
    public static final String TEST_CRASH_PROPERTY = io.wharf.core.model.process.ConnectionChild.TEST_CRASH_PROPERTY;

    private static final String MAIN = "io.wharf.cli.Main";

    public static ChildJvm current() {
        return new ChildJvm(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"));
    }

    /** {@code java <jvmOptions> -jar wharf.jar <args>}, or {@code -cp ... io.wharf.cli.Main <args>}. */
    public List<String> command(List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmOptions);
        if (Boolean.getBoolean(TEST_CRASH_PROPERTY)) {
            cmd.add("-D" + TEST_CRASH_PROPERTY + "=true");
        }
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)
                && Files.isRegularFile(Path.of(classPath))) {
            cmd.addAll(List.of("-jar", classPath));
        } else {
            cmd.addAll(List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "-cp", classPath, MAIN));
        }
        cmd.addAll(args);
        return cmd;
    }
}
