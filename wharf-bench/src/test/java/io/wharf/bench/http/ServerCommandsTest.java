package io.wharf.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.core.Model;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerCommandsTest {

    private final ServerCommands commands = new ServerCommands(Path.of("/jdk/bin/java"), "bench.jar",
            Path.of("wharf.jar"), Path.of("/usr/sbin/nginx"));

    @Test
    void wharfServesTheFolderWithoutAccessLog() {
        assertThat(commands.wharf(Model.EVENT, 8080, Path.of("/tmp/www"), 50)).containsExactly("/jdk/bin/java",
                "-jar", "wharf.jar", "serve", "http", "--root", "/tmp/www", "--port", "8080", "--model", "event",
                "--log-level", "warn", "--set", "logging.access_log=off");
        assertThat(commands.wharf(Model.POOL, 8080, Path.of("/tmp/www"), 50)).endsWith("--threads", "50");
    }

    @Test
    void tracingSettingsGoToWharfOnly() {
        ServerCommands traced = commands.withWharfSettings(java.util.List.of("tracing.enabled=on",
                "tracing.sampling_ratio=1"));
        assertThat(traced.wharf(Model.EVENT, 8080, Path.of("/tmp/www"), 50)).endsWith("--set", "tracing.enabled=on",
                "--set", "tracing.sampling_ratio=1");
        assertThat(traced.jetty(8080, Path.of("/tmp/www"))).noneMatch(a -> a.startsWith("tracing."));
    }

    @Test
    void nginxGetsItsPrefixAndConfig() {
        NginxConfig config = new NginxConfig(8080, Path.of("/tmp/www"), Path.of("/tmp/ng"), Optional.empty());

        assertThat(commands.nginx(config)).containsExactly("/usr/sbin/nginx", "-p", "/tmp/ng", "-c", "/tmp/ng/nginx.conf");
    }

    @Test
    void jettyRunsInItsOwnJvm() {
        assertThat(commands.jetty(8080, Path.of("/tmp/www"))).containsExactly("/jdk/bin/java", "-cp", "bench.jar",
                "io.wharf.bench.http.JettyFileServer", "8080", "/tmp/www");
    }

    @Test
    void wrkKeepsItsConnectionsAndReportsLatency() {
        assertThat(new Wrk(Path.of("/usr/bin/wrk"), 1, 50).command("http://127.0.0.1:1/1k.bin", Duration.ofSeconds(10)))
                .containsExactly("/usr/bin/wrk", "-t1", "-c50", "-d10s", "--latency", "http://127.0.0.1:1/1k.bin");
    }
}
