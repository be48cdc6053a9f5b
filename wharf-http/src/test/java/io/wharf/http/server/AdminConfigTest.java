package io.wharf.http.server;

import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin protocol's keys, next to HTTP's of the same names, in a file with both kinds of listener. */
class AdminConfigTest {

    @TempDir
    Path dir;

    @Test
    void isFoundNextToHttp() {
        assertThat(ServiceLoader.load(Protocol.class).stream().map(p -> p.get().name()))
                .contains("http", "admin");
        assertThat(new AdminProtocol().defaultPort()).isEqualTo(9090);
    }

    @Test
    void noKeyNameIsACorePerListenerOne() {
        assertThat(AdminKeys.ALL).extracting(ConfigKey::name)
                .doesNotContainAnyElementsOf(CoreKeys.PER_LISTENER.stream().map(ConfigKey::name).toList())
                .containsExactly("health_path", "stats_path", "metrics_path", "users_file");
        assertThat(AdminKeys.ALL).extracting(ConfigKey::section).containsOnly("admin");
    }

    @Test
    void aListenerSectionMeansItsOwnProtocolsKey() throws Exception {
        assertThat(AdminTestHost.SCHEMA.findForListener("admin", "health_path")).contains(AdminKeys.HEALTH_PATH);
        assertThat(AdminTestHost.SCHEMA.findForListener("http", "health_path")).contains(HttpKeys.HEALTH_PATH);
        assertThat(AdminTestHost.SCHEMA.findForListener("admin", "bind_address")).contains(CoreKeys.BIND_ADDRESS);
        assertThat(AdminTestHost.SCHEMA.findForListener("admin", "document_root")).isEmpty();

        Path file = Files.writeString(dir.resolve("server.conf"), """
                [http]
                health_path = /healthz
                [listener.web]
                protocol = http
                port = 8080
                [listener.admin]
                protocol = admin
                port = 9090
                bind_address = 127.0.0.1
                health_path = /hz
                metrics_path = /prom
                """);
        Config config = Config.load(file, AdminTestHost.SCHEMA);
        Config admin = config.forListener("admin");
        assertThat(admin.get(AdminKeys.HEALTH_PATH)).isEqualTo("/hz");
        assertThat(admin.get(AdminKeys.METRICS_PATH)).isEqualTo("/prom");
        assertThat(admin.get(AdminKeys.STATS_PATH)).isEqualTo("/stats");
        assertThat(admin.get(CoreKeys.BIND_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(admin.get(CoreKeys.PORT)).isEqualTo(9090);
        Config web = config.forListener("web");
        assertThat(web.get(HttpKeys.HEALTH_PATH)).isEqualTo("/healthz");
        assertThat(web.get(AdminKeys.HEALTH_PATH)).isEqualTo("/health");
    }

    @Test
    void anHttpKeyIsNoAdminListenersKey() throws Exception {
        Path file = Files.writeString(dir.resolve("server.conf"), """
                [listener.admin]
                protocol = admin
                document_root = /srv
                """);
        assertThatThrownBy(() -> Config.load(file, AdminTestHost.SCHEMA)).hasMessageContaining("document_root");
    }
}
