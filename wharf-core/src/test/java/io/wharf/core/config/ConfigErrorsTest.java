package io.wharf.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.wharf.core.config.ConfFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Every way a config file or flag can be wrong, and the one line the user sees. */
class ConfigErrorsTest {

    private static final ConfigSchema SCHEMA = CoreKeys.schema();

    @TempDir
    Path dir;

    private String loadError(String... lines) {
        Path file = write(dir, lines);
        Throwable t = catchThrowable(() -> Config.load(file, SCHEMA));
        assertThat(t).isInstanceOf(ConfigException.class);
        assertThat(t.getMessage()).doesNotContain("\n").startsWith(file + ":");
        return t.getMessage().substring(file.toString().length());
    }

    @Test
    void badValueNamesFileLineSectionAndKey() {
        assertThat(loadError("[server]", "# c", "port = 70000"))
                .isEqualTo(":3: [server] port: '70000' is out of range 1-65535");
        assertThat(loadError("[logging]", "log_level = loud"))
                .isEqualTo(":2: [logging] log_level: 'loud' is not one of trace, debug, info, warn, error");
        assertThat(loadError("[server]", "idle_timeout = soon"))
                .startsWith(":2: [server] idle_timeout: 'soon' is not a duration");
    }

    @Test
    void theMessageUsesThePathAsGiven() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("server.conf"), "[server]\nport = 70000\n");
        Path relative = Path.of("").toAbsolutePath().relativize(conf.resolve("server.conf"));
        assertThatThrownBy(() -> Config.load(relative, SCHEMA))
                .hasMessage(relative + ":2: [server] port: '70000' is out of range 1-65535");
    }

    @Test
    void unknownKeySuggestsTheClosestOne() {
        assertThat(loadError("[server]", "", "prot = 8080"))
                .isEqualTo(":3: unknown key 'prot' in [server] (did you mean 'port'?)");
        assertThat(loadError("[server]", "max_conections = 5"))
                .isEqualTo(":2: unknown key 'max_conections' in [server] (did you mean 'max_connections'?)");
        assertThat(loadError("[logging]", "port = 80"))
                .isEqualTo(":2: unknown key 'port' in [logging] (did you mean [server] port?)");
        assertThat(loadError("[server]", "colour = blue")).isEqualTo(":2: unknown key 'colour' in [server]");
    }

    @Test
    void unknownSection() {
        assertThat(loadError("[server]", "port = 1", "", "", "", "", "[srever]"))
                .isEqualTo(":7: unknown section [srever] (did you mean [server]?)");
        assertThat(loadError("[http]"))
                .isEqualTo(":1: unknown section [http]: one of server, logging, security, tracing, tls, or listener.NAME");
    }

    @Test
    void malformedLines() {
        assertThat(loadError("[server]", "", "", "", "", "", "", "", "port 8080"))
                .isEqualTo(":9: expected 'key = value', got 'port 8080'");
        assertThat(loadError("[server]", "= 5")).isEqualTo(":2: expected 'key = value', got '= 5'");
        assertThat(loadError("[server]", "my key = 5")).isEqualTo(":2: expected 'key = value', got 'my key = 5'");
        assertThat(loadError("[server")).isEqualTo(":1: expected '[section]', got '[server'");
        assertThat(loadError("[]")).isEqualTo(":1: expected '[section]', got '[]'");
        assertThat(loadError("[server]", "x".repeat(100))).contains("got '" + "x".repeat(60) + "...'");
    }

    @Test
    void quotingErrors() {
        assertThat(loadError("[server]", "bind_address = \"::1"))
                .isEqualTo(":2: unterminated quote in the value of 'bind_address'");
        assertThat(loadError("[server]", "bind_address = \"::1\" junk"))
                .isEqualTo(":2: unexpected 'junk' after the closing quote of 'bind_address'");
    }

    @Test
    void keySetTwice() {
        assertThat(loadError("[server]", "port = 1", "# again:", "PORT = 2"))
                .isEqualTo(":4: [server] port is set twice (first on line 2)");
    }

    @Test
    void keyBeforeAnySection() {
        assertThat(loadError("# top", "port = 8080", "[server]"))
                .isEqualTo(":2: 'port' is set before any [section]: add a [section] line above it");
    }

    @Test
    void emptyValue() {
        assertThat(loadError("[logging]", "log_file =   # nothing"))
                .isEqualTo(":2: [logging] log_file: no value (comment the line out to use the default)");
        assertThat(loadError("[logging]", "log_file = \"\""))
                .isEqualTo(":2: [logging] log_file: an empty value is not allowed");
    }

    @Test
    void unreadableFiles() throws Exception {
        Path missing = dir.resolve("x.conf");
        assertThatThrownBy(() -> Config.load(missing, SCHEMA)).isInstanceOf(ConfigException.class)
                .hasMessage("cannot read config file " + missing + ": No such file");
        assertThatThrownBy(() -> Config.load(dir, SCHEMA))
                .hasMessageStartingWith("cannot read config file " + dir + ": ");
        Path binary = Files.write(dir.resolve("bin.conf"), new byte[]{'[', (byte) 0xC3, (byte) 0x28, ']'});
        assertThatThrownBy(() -> Config.load(binary, SCHEMA)).hasMessage(binary + ": not valid UTF-8 text");
    }

    @Test
    void badOverrideNamesTheFlag() {
        Config c = Config.defaults(SCHEMA);
        assertThatThrownBy(() -> c.override(CoreKeys.PORT, "70000", "--port")).isInstanceOf(ConfigException.class)
                .hasMessage("--port: '70000' is out of range 1-65535");
        assertThatThrownBy(() -> c.override(CoreKeys.MODEL, "fast", "--model"))
                .hasMessage("--model: 'fast' is not one of iterative, thread, virtual, pool, event, reactor, process, prefork");
    }

    @Test
    void keysOutsideTheSchemaAreAProgrammingError() {
        ConfigKey<Integer> stray = ConfigKey.integer("echo", "x", 1, 0, 9, false, "");
        Config c = Config.defaults(SCHEMA);
        assertThatThrownBy(() -> c.get(stray)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("echo.x");
        assertThatThrownBy(() -> c.override(stray, "1", "--x")).isInstanceOf(IllegalArgumentException.class);
    }
}
