package io.wharf.bench.http;

import io.wharf.core.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command lines that start each target's server. The two Java servers run on the same {@code java} with the
 * same (default) JVM flags, so neither gets tuning the other lacks.
 *
 * @param java           the java launcher for the Java servers
 * @param benchClasspath the classpath holding {@link JettyFileServer} and Jetty
 * @param wharfJar       wharf's launcher jar
 * @param nginx          the nginx binary
 * @param wharfSettings  more {@code section.key=value} settings for wharf ({@code --tracing}: the tracing keys)
 */
record ServerCommands(Path java, String benchClasspath, Path wharfJar, Path nginx, List<String> wharfSettings) {

    ServerCommands(Path java, String benchClasspath, Path wharfJar, Path nginx) {
        this(java, benchClasspath, wharfJar, nginx, List.of());
    }

    /** These commands, wharf's with {@code settings} added. */
    ServerCommands withWharfSettings(List<String> settings) {
        return new ServerCommands(java, benchClasspath, wharfJar, nginx, List.copyOf(settings));
    }

    /** The commands for this very JVM's java and classpath. */
    static ServerCommands current(Path wharfJar, Path nginx) {
        return new ServerCommands(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"), wharfJar, nginx);
    }

    /**
     * wharf serving {@code root}, access log off (nginx's is off too). The pool gets one worker per connection:
     * with fewer, the keep-alive connections beyond the pool would wait for the whole run.
     */
    List<String> wharf(Model model, int port, Path root, int connections) {
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-jar", wharfJar.toString(), "serve", "http",
                "--root", root.toString(), "--port", Integer.toString(port), "--model", model.id(),
                "--log-level", "warn", "--set", "logging.access_log=off"));
        if (model == Model.POOL) {
            cmd.addAll(List.of("--threads", Integer.toString(connections)));
        }
        for (String setting : wharfSettings) {
            cmd.addAll(List.of("--set", setting));
        }
        return List.copyOf(cmd);
    }

    List<String> jetty(int port, Path root) {
        return List.of(java.toString(), "-cp", benchClasspath, JettyFileServer.class.getName(),
                Integer.toString(port), root.toString());
    }

    /**
     * nginx in the foreground with its own prefix and the config {@link NginxConfig} wrote there. No {@code -e}:
     * what goes wrong before the config is read goes to stderr, into the run's log, where the bench quotes it.
     */
    List<String> nginx(NginxConfig config) {
        return List.of(nginx.toString(), "-p", config.prefix().toString(), "-c", config.file().toString());
    }
}
