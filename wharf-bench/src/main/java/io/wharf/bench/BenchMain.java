package io.wharf.bench;

import java.io.IOException;
import java.util.Set;

/**
 * The {@code main} of a bench tool whose options are plain {@link Args}: a bad option is one line and exit code 2,
 * {@code --help} prints the usage, child processes are stopped if the JVM is interrupted, and an I/O or argument
 * error of the run is one line and exit code 1. Shared by the chat and load benches.
 *
 * <p>Threading: runs on the main thread.
 */
public final class BenchMain {

    /** The bench itself: returns the exit status. */
    @FunctionalInterface
    public interface Body {
        int run(Args args) throws IOException, InterruptedException;
    }

    private BenchMain() {
    }

    /** Parses {@code argv} against {@code options}, runs {@code body} and exits the JVM with its status. */
    public static void run(String tool, String usage, Set<String> options, String[] argv, Body body)
            throws InterruptedException {
        Args args;
        try {
            args = Args.parse(argv, options);
        } catch (IllegalArgumentException e) {
            System.err.println(tool + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        if (args.help()) {
            System.out.println(usage);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
        int status;
        try {
            status = body.run(args);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println(tool + ": " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }
}
