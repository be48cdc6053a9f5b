package io.wharf.http.server;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.StartupException;
import io.wharf.core.config.Config;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.security.PasswordHasher;
import io.wharf.core.spi.HostView;
import io.wharf.core.spi.ServiceContext;
import io.wharf.core.stats.ServerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code enable_auth} on an admin listener: every route asks for Basic auth against {@code [admin] users_file}. */
class AdminAuthTest {

    @TempDir
    Path dir;

    @Test
    void everyRouteNeedsAUser() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "alice:" + new PasswordHasher().hash("s3cret".toCharArray())
                + "\n");
        Config config = Config.defaults(AdminTestHost.SCHEMA).override(CoreKeys.ENABLE_AUTH, "true", "test")
                .override(AdminKeys.USERS_FILE, users.toString(), "test");
        ServerStats stats = new ServerStats();
        var service = new AdminProtocol().start(new ServiceContext("admin", config, stats, HostView.NONE));
        try (Server server = Server.start(ServerSettings.defaults(0, Model.EVENT).withBindAddress("127.0.0.1"),
                service, stats); RawHttpClient c = new RawHttpClient(server.localAddress())) {
            RawResponse anonymous = c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));

            String basic = Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
            RawResponse alice = c.send("GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + basic
                    + "\r\n\r\n").read();
            assertThat(alice.status()).isEqualTo(200);
            assertThat(alice.text()).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void aMissingUsersFileIsAStartupError() throws Exception {
        Config config = Config.defaults(AdminTestHost.SCHEMA).override(CoreKeys.ENABLE_AUTH, "true", "test")
                .override(AdminKeys.USERS_FILE, dir.resolve("none").toString(), "test");
        assertThatThrownBy(() -> new AdminProtocol().start(new ServiceContext("admin", config, new ServerStats(),
                HostView.NONE))).isInstanceOf(StartupException.class);
    }
}
