package io.wharf.cli;

import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.config.ConfigSchema;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** conf/server.conf, as shipped, loads with every protocol's keys and says nothing but the defaults. */
class ExampleConfTest {

    private static final Path EXAMPLE = Path.of("../conf/server.conf");

    @Test
    void loadsAndHoldsEveryKeyAtItsDefault() throws Exception {
        ConfigSchema schema = ServeCommand.schema();
        Config c = Config.load(EXAMPLE, schema);
        List<String> lines = Files.readAllLines(EXAMPLE);
        for (ConfigKey<?> k : schema.keys()) {
            assertThat(c.get(k)).as(k.id()).isEqualTo(k.defaultValue());
            assertThat(lines).as(k.id() + " is shown").anyMatch(l -> l.matches("^(# )?" + k.name() + " = .*"));
        }
        assertThat(schema.sections()).contains("server", "logging", "security", "echo", "http", "chat");
    }
}
