package io.wharf.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NginxConfigTest {

    private static final Path ROOT = Path.of("/tmp/bench/www");
    private static final Path PREFIX = Path.of("/tmp/bench/nginx-round1");

    private static List<String> lines(NginxConfig config) {
        return config.render().lines().map(String::strip).toList();
    }

    @Test
    void oneForegroundWorkerWithSendfileAndNoAccessLog() {
        List<String> lines = lines(new NginxConfig(8123, ROOT, PREFIX, Optional.empty()));

        assertThat(lines).contains("worker_processes 1;", "daemon off;", "sendfile on;", "tcp_nopush on;",
                "access_log off;", "listen 127.0.0.1:8123;", "root \"/tmp/bench/www\";");
    }

    @Test
    void everythingNginxWritesStaysInItsPrefix() {
        NginxConfig config = new NginxConfig(8123, ROOT, PREFIX, Optional.empty());

        assertThat(config.file()).isEqualTo(PREFIX.resolve("nginx.conf"));
        assertThat(lines(config)).contains(
                "pid \"/tmp/bench/nginx-round1/nginx.pid\";",
                "error_log \"/tmp/bench/nginx-round1/error.log\" warn;",
                "client_body_temp_path \"/tmp/bench/nginx-round1/client_body_temp\";",
                "proxy_temp_path \"/tmp/bench/nginx-round1/proxy_temp\";",
                "fastcgi_temp_path \"/tmp/bench/nginx-round1/fastcgi_temp\";",
                "uwsgi_temp_path \"/tmp/bench/nginx-round1/uwsgi_temp\";",
                "scgi_temp_path \"/tmp/bench/nginx-round1/scgi_temp\";");
        // Every absolute path in the file is the served root or inside the prefix.
        assertThat(lines(config).stream().filter(l -> l.contains("\"/")))
                .allSatisfy(l -> assertThat(l).containsAnyOf("\"" + PREFIX + "/", "\"" + ROOT + "\""));
    }

    @Test
    void userDirectiveOnlyWhenGiven() {
        assertThat(new NginxConfig(1, ROOT, PREFIX, Optional.empty()).render()).doesNotContain("user ");
        assertThat(lines(new NginxConfig(1, ROOT, PREFIX, Optional.of("root root")))).contains("user root root;");
    }

    @Test
    void quotesPathsWithSpacesAndQuotes() {
        NginxConfig config = new NginxConfig(1, Path.of("/tmp/my \"files\""), PREFIX, Optional.empty());

        assertThat(lines(config)).contains("root \"/tmp/my \\\"files\\\"\";");
    }

    @Test
    void bracesBalance() {
        String text = new NginxConfig(1, ROOT, PREFIX, Optional.of("root root")).render();

        assertThat(text.chars().filter(c -> c == '{').count()).isEqualTo(text.chars().filter(c -> c == '}').count());
    }
}
