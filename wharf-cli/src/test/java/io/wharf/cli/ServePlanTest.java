package io.wharf.cli;

import io.wharf.core.config.Config;
import io.wharf.core.config.CoreKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The listeners a command line and its config come to: sections, the implicit one, companions, overrides. */
class ServePlanTest {

    @TempDir
    Path dir;

    @Test
    void sectionsBecomeListenersAndAnAdminPortItsCompanion() throws Exception {
        Path conf = Files.write(dir.resolve("multi.conf"), List.of(
                "[listener.web]", "protocol = http", "port = 8080", "admin_port = 9191",
                "[listener.echo]", "protocol = echo", "port = 7007"));
        ServePlan plan = ServePlan.of(Config.load(conf, ServeCommand.schema()), null, ServeCommand.protocols());

        assertThat(plan.sectioned()).isTrue();
        assertThat(plan.listeners()).extracting(l -> l.name() + "/" + l.protocol().name())
                .containsExactly("web/http", "web-admin/admin", "echo/echo");
        ServePlan.Listener admin = plan.listener("web-admin");
        assertThat(admin.config().get(CoreKeys.PORT)).isEqualTo(9191);
        assertThat(admin.config().get(CoreKeys.BIND_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(admin.config().get(CoreKeys.MODEL)).isEqualTo("event");
        assertThat(admin.label()).isEqualTo(conf + ":1: [listener.web-admin] ");
    }

    @Test
    void withoutSectionsTheProtocolIsTheOneListener() throws Exception {
        Config c = Config.defaults(ServeCommand.schema());
        ServePlan plan = ServePlan.of(c, ServeCommand.protocols().get("echo"), ServeCommand.protocols());
        assertThat(plan.sectioned()).isFalse();
        assertThat(plan.listeners()).singleElement().satisfies(l -> {
            assertThat(l.name()).isEqualTo("echo");
            assertThat(l.label()).isEmpty();
        });
    }

    @Test
    void setReachesOneListenersKey() throws Exception {
        Path conf = Files.write(dir.resolve("multi.conf"), List.of("[listener.web]", "protocol = http", "port = 8080"));
        ServeCommand.FlagOverride o = ServeCommand.FlagOverride.parse(ServeCommand.schema(), "listener.web.port=9000");
        assertThat(o.listener()).isEqualTo("web");
        assertThat(o.setting()).isEqualTo("listener.web.port=9000");
        Config c = o.applyTo(Config.load(conf, ServeCommand.schema()));
        assertThat(c.forListener("web").get(CoreKeys.PORT)).isEqualTo(9000);

        ServeCommand.FlagOverride stray = ServeCommand.FlagOverride.parse(ServeCommand.schema(), "listener.nope.port=1");
        assertThatThrownBy(() -> stray.applyTo(Config.load(conf, ServeCommand.schema())))
                .hasMessageStartingWith("--set listener.nope.port: there is no [listener.nope] in " + conf);
    }
}
