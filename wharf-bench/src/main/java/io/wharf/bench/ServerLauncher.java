package io.wharf.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The command lines that start each target's server in a JVM of its own. Both kinds run on the same {@code java}
 * with the same (default) JVM flags, so neither side gets tuning the other lacks.
 *
 * @param java          the java launcher for the servers
 * @param benchClasspath the classpath holding {@link NettyEchoServer} and Netty
 * @param wharfJar      wharf's launcher jar ({@code wharf-cli/target/wharf.jar})
 */
record ServerLauncher(Path java, String benchClasspath, Path wharfJar) {

    /** The launcher for this very JVM's java and classpath. */
    static ServerLauncher current(Path wharfJar) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ServerLauncher(java, System.getProperty("java.class.path"), wharfJar);
    }

    /**
     * The server command for {@code target}. The pool gets one worker per connection: with fewer, the
     * connections beyond the pool would wait for the whole run and the comparison would be meaningless. The
     * reactor is told its event loops even when they are its default (one per core), and Netty gets the
     * target's loops: {@code netty-n} and {@code reactor} run the same count by construction.
     */
    List<String> command(Target target, int port, int connections) {
        String p = Integer.toString(port);
        if (target.isNetty()) {
            return List.of(java.toString(), "-cp", benchClasspath, NettyEchoServer.class.getName(), p,
                    Integer.toString(target.eventLoops()));
        }
        String model = target.model().orElseThrow().id();
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-jar", wharfJar.toString(), "serve",
                "echo", "--raw", "--model", model, "--port", p, "--log-level", "warn"));
        if (target.model().orElseThrow() == io.wharf.core.Model.POOL) {
            cmd.addAll(List.of("--threads", Integer.toString(connections)));
        }
        if (target.model().orElseThrow() == io.wharf.core.Model.REACTOR) {
            cmd.addAll(List.of("--event-loops", Integer.toString(target.eventLoops())));
        }
        return List.copyOf(cmd);
    }
}
